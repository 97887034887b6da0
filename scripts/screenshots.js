#!/usr/bin/env node
/**
 * `npm run screenshots`: the PNGs in docs/screenshots/, taken in a real n8n editor.
 *
 * Starts its own n8n like the e2e suite does (fresh temporary user folder, the packed
 * pack installed as a community package, `examples/*.json` imported), creates the owner
 * through n8n's REST API, signs in through the page with headless Chromium (Debian's
 * /usr/bin/chromium, or $CHROMIUM) and photographs each example workflow and the
 * parameter panel of each of the pack's nodes. Everything stays on loopback.
 */
const fs = require('node:fs');
const path = require('node:path');

const { chromium } = require('playwright-core');

const { ensureN8n } = require('../e2e/harness/n8nInstall');
const { N8nInstance } = require('../e2e/harness/n8nInstance');
const { buildAndPack } = require('../e2e/harness/pack');

const PROJECT_DIR = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(PROJECT_DIR, 'examples');
const OUT_DIR = path.join(PROJECT_DIR, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };
/** Only for this throwaway instance, which is removed afterwards. */
const OWNER = { email: 'owner@example.com', firstName: 'Sam', lastName: 'Owner', password: 'Screenshots-only-1' };
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/**
 * The node panels to photograph: which example, which node, and what to click open in
 * the panel first (texts, in order: a section whose content the picture is about).
 */
const NODE_PANELS = [
	{ file: 'sms-gateway-trigger.png', example: '1-auto-reply.json', node: 'SMS Gateway Trigger', clicks: ['Webhook URLs', 'Production URL'] },
	{ file: 'sms-gateway-reply.png', example: '1-auto-reply.json', node: 'Auto Reply' },
	{ file: 'email-forward.png', example: '2-forward-to-email.json', node: 'Email Forward' },
	{ file: 'sms-gateway-trigger-filters.png', example: '3-facebook-to-sms.json', node: 'SMS Gateway Trigger' },
	{ file: 'sms-gateway-send-sms.png', example: '3-facebook-to-sms.json', node: 'Send SMS' },
	{ file: 'sms-gateway-ingest-trigger.png', example: '5-phone-to-webhook.json', node: 'SMS Gateway Ingest Trigger' },
	{ file: 'sms-gateway-deliver-to-webhook.png', example: '5-phone-to-webhook.json', node: 'Deliver to Webhook' },
];

const log = (line) => console.log(`[screenshots] ${line}`);

function readExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

async function createOwner(baseUrl) {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
}

async function signIn(page, baseUrl) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
	await page.locator('input[type="password"]').fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Opens a workflow and waits until its nodes are drawn and the view has settled. */
async function openWorkflow(page, baseUrl, workflow) {
	await page.goto(`${baseUrl}/workflow/${workflow.id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 30_000 });
	await page.waitForTimeout(1_500); // fit-to-view animation
}

/**
 * Opens a node's parameter panel by double-clicking the middle of the node: its label
 * text lies over the node and would take a plain click on the element.
 */
async function openNode(page, name) {
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	const box = await node.boundingBox();
	if (!box) throw new Error(`node "${name}" is not on the canvas`);
	await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 15_000 });
	await page.waitForTimeout(1_000);
}

async function main() {
	const examples = readExamples();
	const n8n = await ensureN8n({ projectDir: PROJECT_DIR, log });
	const pack = await buildAndPack(PROJECT_DIR, path.join(PROJECT_DIR, '.e2e-tmp', 'pack'));
	const instance = await N8nInstance.createTemporary({ n8n, pack });
	const browser = { current: undefined };
	try {
		await instance.importWorkflows(examples.map(({ workflow }) => workflow));
		log(`starting n8n ${n8n.version}`);
		await instance.start();
		await createOwner(instance.baseUrl);

		browser.current = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
		const page = await browser.current.newPage({ viewport: VIEWPORT });
		await signIn(page, instance.baseUrl);
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const save = async (file) => {
			await page.screenshot({ path: path.join(OUT_DIR, file) });
			log(`docs/screenshots/${file}`);
		};

		for (const { file, workflow } of examples) {
			await openWorkflow(page, instance.baseUrl, workflow);
			await save(`recipe-${file.replace(/\.json$/, '')}.png`);
		}
		for (const panel of NODE_PANELS) {
			const example = examples.find(({ file }) => file === panel.example);
			if (!example) throw new Error(`examples/${panel.example} is missing`);
			await openWorkflow(page, instance.baseUrl, example.workflow);
			await openNode(page, panel.node);
			for (const text of panel.clicks ?? []) {
				// inside the panel: a sticky note behind it may say the same words
				await page.locator('[data-test-id="ndv"]').getByText(text, { exact: true }).first().click();
				await page.waitForTimeout(500);
			}
			await save(panel.file);
		}
	} finally {
		await browser.current?.close();
		await instance.dispose();
	}
}

main().catch((error) => {
	console.error(`[screenshots] ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
