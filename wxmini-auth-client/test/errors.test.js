'use strict';

// Error surfacing against a scripted wx: answers a backend gives rarely, and failures with no answer at all.

const assert = require('node:assert/strict');
const { describe, it } = require('node:test');

const { AuthError, createAuth } = require('wxmini-auth-client');

const BASE = 'https://api.example.test';
const KEY = 'test-auth';

function problem(status, error, detail, extra) {
	return Object.assign({ type: 'about:blank', title: 'Error', status, detail, error }, extra);
}

function loginBody(n) {
	return { access_token: `access-${n}`, token_type: 'Bearer', expires_in: 7200, refresh_token: `refresh-${n}`,
		refresh_expires_in: 2592000, openid: 'o_scripted', new_user: false, phone_bound: false };
}

/** A wx whose request answers from route(method, path, params) → {statusCode, data, header} or 'fail'. */
function scriptedWx(route) {
	const storage = new Map();
	const calls = [];
	return {
		calls,
		login({ success }) {
			setImmediate(() => success({ code: 'scripted-code', errMsg: 'login:ok' }));
		},
		request(params) {
			const path = new URL(params.url).pathname;
			calls.push({ path, header: params.header });
			setImmediate(() => {
				const answer = route(params.method, path, params);
				if (answer === 'fail') {
					params.fail({ errMsg: 'request:fail timeout' });
				}
				else {
					params.success(Object.assign({ header: {}, errMsg: 'request:ok' }, answer));
				}
			});
		},
		setStorageSync(key, value) {
			storage.set(key, JSON.parse(JSON.stringify(value)));
		},
		getStorageSync(key) {
			return storage.has(key) ? storage.get(key) : '';
		},
		removeStorageSync(key) {
			storage.delete(key);
		}
	};
}

function count(wx, path) {
	return wx.calls.filter((call) => call.path === path).length;
}

describe('wxmini-auth-client error surfacing', () => {
	it('a 429 surfaces as rate_limited with Retry-After in seconds', async () => {
		const wx = scriptedWx(() => ({ statusCode: 429, header: { 'Retry-After': '7' },
			data: problem(429, 'rate_limited', 'Too many logins') }));
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await assert.rejects(auth.login(), (err) => {
			assert.ok(err instanceof AuthError && err instanceof Error);
			assert.equal(err.status, 429);
			assert.equal(err.error, 'rate_limited');
			assert.equal(err.detail, 'Too many logins');
			assert.equal(err.retryAfter, 7);
			assert.equal(err.wxErrcode, null);
			return true;
		});
	});

	it('a 503 surfaces as wechat_unavailable, with Retry-After given as an HTTP date', async () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		const wx = scriptedWx(() => ({ statusCode: 503, header: { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' },
			data: problem(503, 'wechat_unavailable', 'WeChat is busy', { wx_errcode: -1 }) }));
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY, now: () => now });
		await assert.rejects(auth.login(), (err) => err.status === 503 && err.error === 'wechat_unavailable' &&
			err.retryAfter === 30 && err.wxErrcode === -1);
	});

	it('a failed wx.request surfaces as network_error', async () => {
		const wx = scriptedWx(() => 'fail');
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await assert.rejects(auth.login(), (err) => err.status === 0 && err.error === 'network_error' &&
			err.detail === 'request:fail timeout');
	});

	it('a failed wx.login surfaces as wx_login_failed without calling the server', async () => {
		const wx = scriptedWx(() => assert.fail('no request expected'));
		wx.login = ({ fail }) => setImmediate(() => fail({ errMsg: 'login:fail auth deny' }));
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await assert.rejects(auth.login(), (err) => err.error === 'wx_login_failed' && err.detail === 'login:fail auth deny');
		assert.equal(wx.calls.length, 0);
	});

	it('an error status without a problem body surfaces as http_error with the body as detail', async () => {
		const wx = scriptedWx((method, path) => (path === '/wx/login' ? { statusCode: 200, data: loginBody(1) }
			: { statusCode: 502, data: 'Bad Gateway' }));
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await assert.rejects(auth.request({ url: '/api/me' }), (err) => err.status === 502 &&
			err.error === 'http_error' && err.detail === 'Bad Gateway');
	});

	it('a request still rejected after the refresh is retried only once and then surfaces invalid_token', async () => {
		let refreshes = 0;
		const wx = scriptedWx((method, path) => {
			if (path === '/wx/login') {
				return { statusCode: 200, data: loginBody(1) };
			}
			if (path === '/wx/token/refresh') {
				refreshes++;
				return { statusCode: 200, data: loginBody(refreshes + 1) };
			}
			return { statusCode: 401, header: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
				data: problem(401, 'invalid_token', 'access token revoked') };
		});
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await assert.rejects(auth.request({ url: '/api/me' }), (err) => err.status === 401 && err.error === 'invalid_token');
		assert.equal(count(wx, '/api/me'), 2);
		assert.equal(count(wx, '/wx/token/refresh'), 1);
		assert.equal(wx.calls.filter((call) => call.path === '/api/me')[1].header.Authorization, 'Bearer access-2');
	});

	it('a refresh failing for another reason than invalid_grant surfaces and keeps the tokens', async () => {
		const wx = scriptedWx((method, path) => {
			if (path === '/wx/login') {
				return { statusCode: 200, data: loginBody(1) };
			}
			if (path === '/wx/token/refresh') {
				return { statusCode: 503, header: { 'Retry-After': '5' },
					data: problem(503, 'temporarily_unavailable', 'store down') };
			}
			return { statusCode: 401, data: problem(401, 'invalid_token', 'expired') };
		});
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await auth.login();
		await assert.rejects(auth.request({ url: '/api/me' }), (err) => err.status === 503 && err.retryAfter === 5);
		assert.equal(auth.getAccessToken(), 'access-1');
		assert.equal(count(wx, '/wx/login'), 1);
	});

	it('never sends the token to another host', async () => {
		const wx = scriptedWx(() => ({ statusCode: 200, data: loginBody(1) }));
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		await assert.rejects(auth.request({ url: 'https://api.example.test.evil.example/steal' }), TypeError);
		await assert.rejects(auth.request({ url: 'https://elsewhere.example/api' }), TypeError);
		assert.equal(wx.calls.length, 0);
	});

	it('a logout during a login keeps the login from storing its tokens', async () => {
		const wx = scriptedWx(() => ({ statusCode: 200, data: loginBody(1) }));
		const auth = createAuth({ baseUrl: BASE, wx, storageKey: KEY });
		const login = auth.login();
		await auth.logout();
		await assert.rejects(login, (err) => err.error === 'logged_out');
		assert.equal(auth.isLoggedIn(), false);
	});
});
