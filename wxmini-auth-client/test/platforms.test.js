'use strict';

// What differs between the hosts, and how the client picks one.

const assert = require('node:assert/strict');
const { afterEach, describe, it } = require('node:test');

const client = require('wxmini-auth-client');

const { AuthError, createAuth, taroPlatform, uniPlatform, wxPlatform } = client;
const BASE = 'https://api.example.test';

function loginBody() {
	return { access_token: 'access-1', token_type: 'Bearer', expires_in: 7200, refresh_token: 'refresh-1',
		refresh_expires_in: 2592000, openid: 'o_platform', new_user: false, phone_bound: false };
}

function memoryStorage(api) {
	const storage = new Map();
	api.getStorageSync = (key) => (storage.has(key) ? storage.get(key) : '');
	api.setStorageSync = (key, value) => storage.set(key, value);
	api.removeStorageSync = (key) => storage.delete(key);
	return api;
}

describe('the platform adapters', () => {
	afterEach(() => {
		delete global.wx;
	});

	it('uni-app logs in with the weixin provider through callbacks', async () => {
		const logins = [];
		const uni = memoryStorage({
			login(params) {
				logins.push(params.provider);
				setImmediate(() => params.success({ code: 'uni-code', errMsg: 'login:ok' }));
			},
			request(params) {
				setImmediate(() => params.success({ statusCode: 200, data: loginBody(), header: {}, cookies: [] }));
			}
		});
		assert.equal(await uniPlatform(uni).login(), 'uni-code');
		const auth = createAuth({ baseUrl: BASE, uni });
		await auth.login();
		assert.deepEqual(logins, ['weixin', 'weixin']);
		assert.equal(auth.getAccessToken(), 'access-1');
	});

	it('Taro\'s promises: a rejected login is wx_login_failed, a rejected request network_error', async () => {
		const taro = memoryStorage({
			login: () => Promise.reject({ errMsg: 'login:fail auth deny' }),
			request: () => Promise.reject({ errMsg: 'request:fail timeout' })
		});
		await assert.rejects(createAuth({ baseUrl: BASE, taro }).login(),
			(err) => err instanceof AuthError && err.error === 'wx_login_failed' && err.detail === 'login:fail auth deny');
		taro.login = () => Promise.resolve({ code: 'taro-code', errMsg: 'login:ok' });
		await assert.rejects(createAuth({ baseUrl: BASE, taro }).login(),
			(err) => err.error === 'network_error' && err.status === 0 && err.detail === 'request:fail timeout');
	});

	it('Taro\'s request resolves for error statuses too, which surface as the contract\'s errors', async () => {
		const seen = [];
		const taro = memoryStorage({
			login: () => Promise.resolve({ code: 'taro-code', errMsg: 'login:ok' }),
			request(params) {
				seen.push(params);
				return Promise.resolve({ statusCode: 401, header: {}, errMsg: 'request:ok',
					data: { status: 401, error: 'invalid_code', detail: 'bad code', wx_errcode: 40163 } });
			}
		});
		await assert.rejects(createAuth({ baseUrl: BASE, taro, timeout: 5000 }).login(),
			(err) => err.status === 401 && err.error === 'invalid_code' && err.wxErrcode === 40163);
		assert.equal(seen[0].success, undefined);
		assert.equal(seen[0].timeout, 5000);
		assert.deepEqual(seen[0].data, { code: 'taro-code' });
	});

	it('a login that answers without a code is wx_login_failed on every host', async () => {
		const noCode = { errMsg: 'login:ok' };
		const wx = memoryStorage({ login: (p) => p.success(noCode), request: () => assert.fail() });
		const uni = memoryStorage({ login: (p) => p.success(noCode), request: () => assert.fail() });
		const taro = memoryStorage({ login: () => Promise.resolve(noCode), request: () => assert.fail() });
		for (const platform of [wxPlatform(wx), uniPlatform(uni), taroPlatform(taro)]) {
			await assert.rejects(createAuth({ baseUrl: BASE, platform }).login(), (err) => err.error === 'wx_login_failed');
		}
	});

	it('a string body is parsed as JSON on every host', async () => {
		const text = JSON.stringify(loginBody());
		const wx = memoryStorage({ login: (p) => p.success({ code: 'c' }), request: (p) => p.success({ statusCode: 200, data: text }) });
		const taro = memoryStorage({ login: () => Promise.resolve({ code: 'c' }), request: () => Promise.resolve({ statusCode: 200, data: text }) });
		assert.equal((await createAuth({ baseUrl: BASE, wx }).login()).openid, 'o_platform');
		assert.equal((await createAuth({ baseUrl: BASE, taro }).login()).openid, 'o_platform');
	});

	it('takes the global wx when no host is given, and refuses none or two', async () => {
		assert.throws(() => createAuth({ baseUrl: BASE }), /no wx API/);
		global.wx = memoryStorage({ login: (p) => p.success({ code: 'c' }), request: (p) => p.success({ statusCode: 200, data: loginBody() }) });
		await createAuth({ baseUrl: BASE }).login();
		assert.equal(global.wx.getStorageSync('wxmini-auth').accessToken, 'access-1');
		assert.throws(() => createAuth({ baseUrl: BASE, wx: global.wx, uni: global.wx }), /only one of wx, uni/);
		assert.throws(() => createAuth({ baseUrl: BASE, taro: {} }), /Taro\.login is not a function/);
		assert.throws(() => createAuth({ baseUrl: 'api.example.test', wx: global.wx }), /baseUrl/);
		assert.throws(() => createAuth({ baseUrl: BASE, wx: global.wx, device: '' }), /device/);
		assert.throws(() => createAuth({ baseUrl: BASE, wx: global.wx, device: 'x'.repeat(65) }), /device/);
	});

	it('lists the contract\'s error codes and its own', () => {
		assert.ok(client.CONTRACT_ERRORS.includes('account_disabled'));
		assert.ok(client.CONTRACT_ERRORS.includes('invalid_grant'));
		assert.ok(client.CLIENT_ERRORS.includes('phone_denied'));
		assert.equal(new Set(client.CONTRACT_ERRORS.concat(client.CLIENT_ERRORS)).size,
			client.CONTRACT_ERRORS.length + client.CLIENT_ERRORS.length);
	});
});
