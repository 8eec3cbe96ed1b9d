'use strict';

// The mini program's app.js and pages, loaded with fake App/Page/getApp/wx globals: the buttons' handlers
// drive auth.js and show what happened.

const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');

const ROOT = path.resolve(__dirname, '..');

function scriptedWx() {
	const storage = new Map();
	const calls = [];
	return {
		calls,
		login() {
			throw new Error('the sample uses the simulator for wx.login');
		},
		request(params) {
			const url = new URL(params.url);
			calls.push(`${params.method} ${url.pathname}`);
			const answer = {
				'/simulator/codes/login': { code: 'c1', openid: 'o_page_user' },
				'/wx/login': { access_token: 'a1', token_type: 'Bearer', expires_in: 7200, refresh_token: 'r1',
					refresh_expires_in: 2592000, openid: 'o_page_user', new_user: true, phone_bound: false },
				'/api/me': { openid: 'o_page_user', authorities: ['ROLE_USER'] },
				'/api/member/orders': { status: 403, title: 'Forbidden', detail: 'Access denied', error: 'access_denied' },
				'/wx/logout': ''
			}[url.pathname];
			const statusCode = { '/api/member/orders': 403, '/wx/logout': 204 }[url.pathname] || 200;
			setImmediate(() => params.success({ statusCode, data: answer, header: {} }));
		},
		setStorageSync: (key, value) => storage.set(key, JSON.parse(JSON.stringify(value))),
		getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
		removeStorageSync: (key) => storage.delete(key),
		navigateTo() {}
	};
}

function page(definition) {
	const instance = Object.create(definition);
	instance.data = Object.assign({}, definition.data);
	instance.setData = (changes) => Object.assign(instance.data, changes);
	return instance;
}

describe('the sample mini program pages', () => {
	let wx;
	let app;
	const pages = {};

	before(() => {
		wx = scriptedWx();
		global.wx = wx;
		global.App = (definition) => {
			app = definition;
		};
		global.getApp = () => app;
		global.Page = (definition) => {
			pages.current = definition;
		};
		require(path.join(ROOT, 'app.js'));
		require(path.join(ROOT, 'pages/index/index.js'));
		pages.index = pages.current;
		require(path.join(ROOT, 'pages/phone/phone.js'));
		pages.phone = pages.current;
	});

	after(() => {
		for (const name of ['wx', 'App', 'getApp', 'Page']) {
			delete global[name];
		}
	});

	it('index logs in through the simulator, calls /api/me and logs out', async () => {
		const index = page(pages.index);
		await index.onLogin();
		assert.equal(index.data.error, '');
		assert.equal(index.data.openid, 'o_page_user');
		assert.equal(index.data.loggedIn, true);
		await index.onMe();
		assert.equal(JSON.parse(index.data.me).openid, 'o_page_user');
		await index.onLogout();
		assert.equal(index.data.loggedIn, false);
		assert.deepEqual(wx.calls, ['POST /simulator/codes/login', 'POST /wx/login', 'GET /api/me', 'POST /wx/logout']);
	});

	it('phone shows a denial and the 403 of /api/member/orders with their error codes', async () => {
		const phone = page(pages.phone);
		await phone.onGetPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } });
		assert.match(phone.data.error, /拒绝/);
		await phone.onOrders();
		assert.match(phone.data.error, /^access_denied \(HTTP 403\)/);
		assert.equal(phone.data.busy, false);
	});
});
