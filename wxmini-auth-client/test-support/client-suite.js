'use strict';

// The client's behaviour, one suite for every host flavour: each test file runs it with `wx`, `uni` or
// `Taro`, against the in-process contract backend.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');

const { AuthError, createAuth } = require('wxmini-auth-client');
const { startFakeServer } = require('./fake-server');
const { createHost, hostOption } = require('./hosts');

const KEY = 'test-auth';

function defineClientSuite(flavour) {
	describe(`wxmini-auth-client with ${flavour}`, () => {
		let server;

		before(async () => {
			server = await startFakeServer();
		});

		after(async () => {
			await server.stop();
		});

		function client(options = {}) {
			const host = createHost(flavour, { openid: options.openid, mint: (openid) => server.mintLoginCode(openid) });
			const auth = createAuth(Object.assign({ baseUrl: server.baseUrl, storageKey: KEY, device: options.device },
				hostOption(host)));
			return { host, auth, count: (path) => host.requests.filter((call) => call.path === path).length };
		}

		async function getMe(accessToken) {
			const res = await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
			return { status: res.status, body: await res.json() };
		}

		it('login stores the tokens and their expiry, and request sends them as the Bearer header', async () => {
			const { host, auth, count } = client();
			const before = Date.now();
			const body = await auth.login();
			const stored = host.getStorageSync(KEY);
			assert.equal(stored.accessToken, body.access_token);
			assert.equal(stored.refreshToken, body.refresh_token);
			assert.equal(stored.openid, host.openid);
			assert.ok(stored.expiresAt >= before + body.expires_in * 1000 && stored.expiresAt <= Date.now() + body.expires_in * 1000);
			assert.ok(stored.refreshExpiresAt >= before + body.refresh_expires_in * 1000);
			assert.equal(auth.getOpenid(), host.openid);

			const res = await auth.request({ url: '/api/me' });
			assert.equal(res.statusCode, 200);
			assert.equal(res.data.openid, host.openid);
			assert.equal(host.requests.find((call) => call.path === '/api/me').header.Authorization, `Bearer ${body.access_token}`);
			assert.ok(!('Authorization' in host.requests.find((call) => call.path === '/wx/login').header));
			assert.equal(count('/wx/login'), 1);
		});

		it('a request without tokens logs in first, and parallel requests share that one login', async () => {
			const { auth, count } = client();
			const responses = await Promise.all(Array.from({ length: 6 }, () => auth.request({ url: '/api/me' })));
			assert.deepEqual(responses.map((res) => res.statusCode), Array(6).fill(200));
			assert.equal(count('/wx/login'), 1);
		});

		it('an expiring access token is refreshed once for ten parallel requests', async () => {
			const { host, auth, count } = client();
			await auth.login();
			const stored = host.getStorageSync(KEY);
			host.setStorageSync(KEY, Object.assign({}, stored, { expiresAt: Date.now() + 1000 }));
			const responses = await Promise.all(Array.from({ length: 10 }, () => auth.request({ url: '/api/me' })));
			assert.deepEqual(responses.map((res) => res.statusCode), Array(10).fill(200));
			assert.equal(count('/wx/token/refresh'), 1);
			assert.equal(count('/api/me'), 10);
			assert.equal(count('/wx/login'), 1);
			assert.notEqual(host.getStorageSync(KEY).refreshToken, stored.refreshToken);
		});

		it('a rejected access token gets one refresh for ten parallel requests, each retried once', async () => {
			const { host, auth, count } = client();
			await auth.login();
			host.setStorageSync(KEY, Object.assign(host.getStorageSync(KEY), { accessToken: 'at_forged' }));
			const responses = await Promise.all(Array.from({ length: 10 }, () => auth.request({ url: '/api/me' })));
			assert.deepEqual(responses.map((res) => res.statusCode), Array(10).fill(200));
			assert.equal(count('/wx/token/refresh'), 1);
			const me = host.requests.filter((call) => call.path === '/api/me');
			assert.equal(me.length, 20);
			assert.equal(me.filter((call) => call.statusCode === 401 && call.answer.error === 'invalid_token').length, 10);
		});

		it('a session ended elsewhere fails the refresh with invalid_grant and logs in again once', async () => {
			const a = client();
			await a.auth.login();
			const b = client({ openid: a.host.openid });
			b.host.setStorageSync(KEY, a.host.getStorageSync(KEY));
			await b.auth.logout();

			const responses = await Promise.all(Array.from({ length: 5 }, () => a.auth.request({ url: '/api/me' })));
			assert.ok(responses.every((res) => res.statusCode === 200 && res.data.openid === a.host.openid));
			const refreshes = a.host.requests.filter((call) => call.path === '/wx/token/refresh');
			assert.equal(refreshes.length, 1);
			assert.equal(refreshes[0].answer.error, 'invalid_grant');
			assert.equal(a.count('/wx/login'), 2);
		});

		it('loginWithPhone sends a fresh login code with the button\'s code as phone_code and stores a token that already carries PHONE_VERIFIED', async () => {
			const { host, auth, count } = client();
			const phoneCode = server.mintPhoneCode('13800138000');
			const body = await auth.loginWithPhone({ type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', code: phoneCode } });
			const login = host.requests.find((call) => call.path === '/wx/login');
			assert.equal(login.data.phone_code, phoneCode);
			assert.match(login.data.code, /^code_/);
			assert.deepEqual(Object.keys(login.data).sort(), ['code', 'phone_code']);
			assert.equal(body.phone_bound, true);
			assert.equal(body.pure_phone_number, '13800138000');
			assert.equal(body.phone_number, '+86 13800138000');
			assert.equal(auth.getAccessToken(), body.access_token);
			assert.equal((await auth.request({ url: '/api/member/orders' })).statusCode, 200);
			assert.equal(count('/wx/login'), 1);
			assert.equal(count('/wx/phone'), 0);
		});

		it('loginWithPhone without a code (the user refused) rejects with phone_denied and calls nothing', async () => {
			const { host, auth } = client();
			host.login = () => assert.fail('no wx.login expected');
			await assert.rejects(auth.loginWithPhone({ detail: { errMsg: 'getPhoneNumber:fail user deny' } }), (err) => {
				assert.ok(err instanceof AuthError);
				assert.equal(err.error, 'phone_denied');
				assert.equal(err.status, 0);
				assert.equal(err.detail, 'getPhoneNumber:fail user deny');
				return true;
			});
			assert.equal(host.requests.length, 0);
			assert.equal(auth.isLoggedIn(), false);
		});

		it('a bad phone code stores nothing and creates no user; the retry takes a new wx.login code', async () => {
			const { host, auth } = client();
			await assert.rejects(auth.loginWithPhone({ detail: { errMsg: 'getPhoneNumber:ok', code: 'phone_bad' } }), (err) => {
				assert.ok(err instanceof AuthError);
				assert.equal(err.status, 401);
				assert.equal(err.error, 'invalid_code');
				assert.equal(err.wxErrcode, 40029);
				return true;
			});
			assert.equal(auth.isLoggedIn(), false);
			assert.equal(host.getStorageSync(KEY), '');
			assert.equal(server.user(host.openid), undefined);

			const body = await auth.loginWithPhone({ detail: { errMsg: 'getPhoneNumber:ok', code: server.mintPhoneCode('13900139000', host.openid) } });
			assert.equal(body.new_user, true);
			const codes = host.requests.filter((call) => call.path === '/wx/login').map((call) => call.data.code);
			assert.equal(codes.length, 2);
			assert.notEqual(codes[0], codes[1]);
		});

		it('requests made during a one-tap phone login wait for it instead of logging in themselves', async () => {
			const { auth, count } = client();
			const login = auth.loginWithPhone({ detail: { code: server.mintPhoneCode('13700137000') } });
			const responses = await Promise.all(Array.from({ length: 4 }, () => auth.request({ url: '/api/member/orders' })));
			await login;
			assert.deepEqual(responses.map((res) => res.statusCode), Array(4).fill(200));
			assert.equal(count('/wx/login'), 1);
		});

		it('bindPhoneNumber binds the number of a logged-in user and stores the new access token', async () => {
			const { host, auth } = client();
			await auth.login();
			await assert.rejects(auth.request({ url: '/api/member/orders' }),
				(err) => err instanceof AuthError && err.status === 403 && err.error === 'access_denied');
			const body = await auth.bindPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: server.mintPhoneCode('13600136000', host.openid) } });
			assert.equal(body.pure_phone_number, '13600136000');
			assert.equal(auth.getAccessToken(), body.access_token);
			assert.equal((await auth.request({ url: '/api/member/orders' })).statusCode, 200);
			await assert.rejects(auth.bindPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } }),
				(err) => err.error === 'phone_denied');
		});

		it('lists the sessions with their device, ends another one, and logs out everywhere', async () => {
			const phone = client({ device: 'iPhone 15' });
			await phone.auth.login();
			const tablet = client({ openid: phone.host.openid, device: 'iPad' });
			await tablet.auth.login();

			const sessions = await phone.auth.sessions();
			assert.deepEqual(sessions.map((session) => [session.device, session.current]), [['iPad', false], ['iPhone 15', true]]);
			await phone.auth.endSession(sessions[0].sid);
			assert.equal((await getMe(tablet.auth.getAccessToken())).status, 401);
			assert.equal((await phone.auth.sessions()).length, 1);
			await assert.rejects(phone.auth.endSession(sessions[0].sid),
				(err) => err instanceof AuthError && err.status === 404 && err.error === 'not_found');

			const stored = phone.auth.getAccessToken();
			await phone.auth.logoutEverywhere();
			assert.equal(phone.auth.isLoggedIn(), false);
			assert.equal((await getMe(stored)).status, 401);
		});

		it('a disabled account fails with account_disabled after one refresh, without a loop, and the tokens are cleared', async () => {
			const { host, auth, count } = client();
			await auth.login();
			server.disable(host.openid);
			await assert.rejects(auth.request({ url: '/api/me' }),
				(err) => err instanceof AuthError && err.error === 'account_disabled' && err.status === 403);
			assert.equal(count('/wx/token/refresh'), 1);
			assert.equal(count('/wx/login'), 1);
			assert.equal(count('/api/me'), 1);
			assert.equal(auth.isLoggedIn(), false);
			await assert.rejects(auth.login(), (err) => err.error === 'account_disabled');
			await assert.rejects(auth.loginWithPhone({ detail: { code: server.mintPhoneCode('13500135000') } }),
				(err) => err.error === 'account_disabled');
			assert.equal(auth.isLoggedIn(), false);

			server.enable(host.openid);
			assert.equal((await auth.request({ url: '/api/me' })).statusCode, 200);
		});

		it('logout ends the session on the server and clears the storage', async () => {
			const { host, auth } = client();
			await auth.login();
			const old = auth.getAccessToken();
			await auth.logout();
			assert.equal(host.requests.find((call) => call.path === '/wx/logout').statusCode, 204);
			assert.equal(host.getStorageSync(KEY), '');
			assert.equal((await getMe(old)).body.error, 'invalid_token');
		});

		it('logout clears the storage even when the call gets no answer, and reports the failure', async () => {
			const { host, auth } = client();
			await auth.login();
			const request = host.request;
			host.request = (params) => {
				if (params.url.endsWith('/wx/logout')) {
					const failure = { errMsg: 'request:fail timeout' };
					if (flavour === 'taro') {
						return Promise.reject(failure);
					}
					setImmediate(() => params.fail(failure));
					return { abort() {} };
				}
				return request(params);
			};
			await assert.rejects(auth.logout(), (err) => err instanceof AuthError && err.error === 'network_error' &&
				err.detail === 'request:fail timeout');
			assert.equal(host.getStorageSync(KEY), '');
		});

		it('every error of the contract surfaces as an AuthError with its code, status, wx_errcode and Retry-After', async () => {
			const { auth } = client();
			const table = [
				[400, 'invalid_request', null, null],
				[401, 'invalid_code', 40029, null],
				[403, 'user_blocked', 40226, null],
				[429, 'rate_limited', 45011, 7],
				[503, 'wechat_unavailable', -1, 30],
				[500, 'server_misconfigured', null, null],
				[403, 'account_disabled', null, null],
				[405, 'method_not_allowed', null, null]
			];
			for (const [status, error, wxErrcode, retryAfter] of table) {
				server.script('/wx/login', {
					status,
					headers: retryAfter ? { 'retry-after': String(retryAfter) } : {},
					body: { type: 'about:blank', title: 'Error', status, detail: `the ${error} case`, error,
						...(wxErrcode === null ? {} : { wx_errcode: wxErrcode }) }
				});
				await assert.rejects(auth.login(), (err) => {
					assert.ok(err instanceof AuthError, error);
					assert.ok(err instanceof Error);
					assert.equal(err.name, 'AuthError');
					assert.deepEqual([err.status, err.error, err.wxErrcode, err.retryAfter, err.detail],
						[status, error, wxErrcode, retryAfter, `the ${error} case`]);
					assert.equal(err.body.error, error);
					return true;
				});
				assert.equal(auth.isLoggedIn(), false);
			}
			// the Bearer errors, the refresh's and the session list's come from the backend itself
			const anonymous = await fetch(`${server.baseUrl}/api/me`);
			assert.equal(anonymous.status, 401);
			assert.equal((await anonymous.json()).error, 'unauthorized');
			await auth.login();
			await assert.rejects(auth.endSession('sid_nobody'), (err) => err.error === 'not_found' && err.status === 404);
			await assert.rejects(auth.request({ url: '/api/member/orders' }), (err) => err.error === 'access_denied');
		});
	});
}

module.exports = { defineClientSuite };
