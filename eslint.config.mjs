// n8n's community-node rules, in the variant for packages that are not bound for n8n
// Cloud: this pack needs nodemailer at runtime, so it ships as an unverified community
// package (see n8n-facts.md) and may not use Cloud's import allow-list.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-local/**', '.e2e-tmp/**', '.bench-dist/**'] },
	// Scripts and the e2e harness are plain CommonJS; they get the same recommended rules.
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts', '**/*.js', '**/*.cjs'] })),
	{
		...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		rules: {
			// nodemailer is the one runtime dependency, for the Email Forward node's SMTP.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.cjs'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
];
