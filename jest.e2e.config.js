/**
 * End-to-end tests: the packed pack in a real n8n (see e2e/README.md). Slow by nature,
 * so separate from the unit tests; run with `npm run test:e2e` (in band: each file
 * starts its own n8n).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	globalSetup: '<rootDir>/e2e/harness/globalSetup.js',
	// globalSetup may install n8n (minutes); each file starts n8n (tens of seconds).
	testTimeout: 120_000,
};
