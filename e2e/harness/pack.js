/**
 * The pack as users get it: built, `npm pack`ed, and installed into an n8n user folder
 * the way n8n's Community Nodes install does it (n8n 2.x
 * `CommunityPackagesService.downloadPackage`): the tarball unpacked into
 * `.n8n/nodes/node_modules/<name>`, its dev/peer/optional dependencies dropped, its
 * runtime dependencies installed inside it, and the name recorded in
 * `.n8n/nodes/package.json`. n8n then loads the node types as `<name>.<nodeName>`.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { run } = require('./run');

/** The flags n8n's own community install passes to npm. */
const COMMUNITY_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** Where the hash of the installed tarball is kept, inside the installed package. */
const HASH_FILE = '.installed-tarball.sha256';

/**
 * Builds the project and packs it into `destination`.
 * @returns {Promise<{ name: string, version: string, tarball: string, sha256: string }>}
 */
async function buildAndPack(projectDir, destination) {
	await run('npm', ['run', 'build', '--silent'], { cwd: projectDir });
	fs.mkdirSync(destination, { recursive: true });
	const [packed] = JSON.parse(
		await run('npm', ['pack', '--json', '--pack-destination', destination, '--loglevel=error'], { cwd: projectDir }),
	);
	const tarball = path.join(destination, packed.filename);
	const sha256 = crypto.createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
	return { name: packed.name, version: packed.version, tarball, sha256 };
}

/**
 * Installs a packed tarball into `<userFolder>/.n8n/nodes`, unless that exact tarball is
 * installed already.
 * @param {{ name: string, version: string, tarball: string, sha256: string }} pack
 * @param {NodeJS.ProcessEnv} [env] for npm (the Node.js n8n runs on)
 * @returns {Promise<boolean>} whether anything was installed
 */
async function installPack(userFolder, pack, env = process.env) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', pack.name);
	const hashFile = path.join(packageDir, HASH_FILE);
	if (fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === pack.sha256) return false;

	fs.mkdirSync(nodesDir, { recursive: true });
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(nodesPackageJson)) {
		fs.writeFileSync(nodesPackageJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}

	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', pack.tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[key];
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	await run('npm', ['install', ...COMMUNITY_INSTALL_ARGS], { cwd: packageDir, env });

	const nodesManifest = JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8'));
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [pack.name]: pack.version };
	fs.writeFileSync(nodesPackageJson, JSON.stringify(nodesManifest, null, 2));
	fs.writeFileSync(hashFile, pack.sha256);
	return true;
}

module.exports = { buildAndPack, installPack };
