// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) over pages of the built site in one Chromium, several
// pages at a time, and prints one JSON object: {"pages": [{"url", "scheme", "issues": [...]}], "seconds"}.
// Called by tests/test_pa11y.py with one JSON object on standard input:
//   {"urls": [...], "chromium": "/usr/bin/chromium", "args": [...], "schemes": ["light"], "concurrency": 3}
// A scheme is the colour scheme the page is shown in ("light" or "dark", through prefers-color-scheme,
// which the theme's palette follows); each scheme gets a fresh browser profile, so no choice carries over.
'use strict';

const fs = require('fs');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

async function main() {
	const request = JSON.parse(fs.readFileSync(0, 'utf8'));
	const started = process.hrtime.bigint();
	const browser = await puppeteer.launch({
		executablePath: request.chromium,
		args: request.args,
		headless: true
	});
	const pages = [];
	try {
		for (const scheme of request.schemes) {
			const context = await browser.createBrowserContext();
			const queue = [...request.urls];
			// Each worker keeps one tab and loads its pages in it one after the other (a new tab per page
			// was slower here). pa11y 9.1 lets a page it was given be used again: it removes its listeners
			// after each run.
			const worker = async () => {
				const page = await context.newPage();
				await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: scheme}]);
				try {
					while (queue.length) {
						const url = queue.shift();
						// Checked once the page has loaded (its styles and the theme's script), as the axe
						// tests do; pa11y's own wait (no network for 500 ms) takes longer and changes nothing here.
						await page.goto(url, {waitUntil: 'load', timeout: 60000});
						const result = await pa11y(url, {
							browser,
							page,
							ignoreUrl: true,
							runners: ['htmlcs'],
							standard: 'WCAG2AA',
							includeNotices: false,
							includeWarnings: false,
							timeout: 60000,
							log: {debug() {}, info() {}, error: message => process.stderr.write(`${message}\n`)}
						});
						pages.push({
							url,
							scheme,
							issues: result.issues.map(({code, type, message, selector, context: html}) => (
								{code, type, message, selector, context: html}))
						});
					}
				} finally {
					await page.close();
				}
			};
			await Promise.all(Array.from({length: request.concurrency}, worker));
			await context.close();
		}
	} finally {
		await browser.close();
	}
	pages.sort((a, b) => a.scheme.localeCompare(b.scheme) || a.url.localeCompare(b.url));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	process.stdout.write(JSON.stringify({pages, seconds}));
}

main().catch(error => {
	process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
	process.exit(2);
});
