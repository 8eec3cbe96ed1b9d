'use strict';

// Renders the sample's pages with miniprogram-simulate (WeChat's component test tool) in a jsdom DOM under
// node --test: the .wxml is compiled by WeChat's own compiler, the page's .js runs as written, and the
// buttons are tapped through the rendered tree.
//
// miniprogram-simulate renders components, not pages: `Page(definition)` is registered as the
// component a page is (its data, its handlers as methods, onLoad and onShow when attached).

require('global-jsdom/register');

// Node has event classes of its own, which global-jsdom leaves in place; jsdom's elements dispatch only
// jsdom's events
for (const name of ['Event', 'CustomEvent', 'EventTarget']) {
	global[name] = window[name];
}

const path = require('node:path');
const simulate = require('miniprogram-simulate');

const ROOT = path.resolve(__dirname, '..');

const PAGE_HOOKS = ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload'];

global.Page = (definition) => {
	const methods = {};
	for (const [name, value] of Object.entries(definition)) {
		if (typeof value === 'function') {
			methods[name] = value;
		}
	}
	global.Component({
		data: definition.data,
		methods,
		lifetimes: {
			attached() {
				if (this.onLoad) {
					this.onLoad({});
				}
				if (this.onShow) {
					this.onShow();
				}
			}
		}
	});
};

/**
 * Starts the mini program: `App()` of app.js with the given `wx`, and `getApp()` for the pages.
 * @param {object} wx the `wx` the mini program sees
 * @param {object} [configOverrides] replaces members of config.js before app.js reads it
 */
function launch(wx, configOverrides) {
	let app = null;
	global.wx = wx;
	global.App = (definition) => {
		app = definition;
	};
	global.getApp = () => app;
	Object.assign(require(path.join(ROOT, 'config')), configOverrides);
	delete require.cache[require.resolve(path.join(ROOT, 'app'))];
	require(path.join(ROOT, 'app'));
	if (app.onLaunch) {
		app.onLaunch();
	}
	return app;
}

/** Renders a page, e.g. `pages/index/index`, attached to a document so that it is laid out. */
function renderPage(page) {
	const id = simulate.load(path.join(ROOT, page), { rootPath: ROOT });
	const comp = simulate.render(id);
	comp.attach(document.createElement('parent-wrapper'));
	return comp;
}

/** The text of the element with that id, or null when the page does not show it. */
function textOf(comp, id) {
	const element = comp.querySelector(`#${id}`);
	return element ? element.dom.textContent.trim() : null;
}

/** Waits until the page is no longer busy, that is until the handler the tap started has finished. */
async function settled(comp, timeoutMs = 20000) {
	const deadline = Date.now() + timeoutMs;
	await simulate.sleep(0);
	while (comp.data.busy) {
		if (Date.now() > deadline) {
			throw new Error('the page stayed busy');
		}
		await simulate.sleep(10);
	}
	await simulate.sleep(0);
}

/** Taps the button with that id and waits for its handler. */
async function tap(comp, id) {
	const button = comp.querySelector(`#${id}`);
	if (!button) {
		throw new Error(`no #${id} on the page`);
	}
	button.dispatchEvent('tap');
	await settled(comp);
}

/** Fires the `getphonenumber` event of an open-type="getPhoneNumber" button, as WeChat does. */
async function getPhoneNumber(comp, id, detail) {
	comp.querySelector(`#${id}`).dispatchEvent('getphonenumber', { detail });
	await settled(comp);
}

function shutDown() {
	for (const name of ['wx', 'App', 'getApp']) {
		delete global[name];
	}
}

module.exports = { launch, renderPage, textOf, tap, getPhoneNumber, settled, shutDown };
