'use strict';

// wxmini-auth-client against a running sample app: the fake wx does real HTTP, wx.login mints simulator codes.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');

const { AuthError, createAuth } = require('wxmini-auth-client');
const { phoneNumberEvent, simulatedWx } = require('../utils/simulator');
const { createFakeWx, mintPhoneCode, recordRequests } = require('../test-support/fake-wx');
const { ADMIN_OPENID, startSampleApp } = require('../test-support/sample-app');

const KEY = 'test-auth';

describe('wxmini-auth-client against the sample app', () => {
	let app;

	before(async () => {
		app = await startSampleApp();
	});

	after(async () => {
		if (app) {
			await app.stop();
		}
	});

	function client(options) {
		const wx = createFakeWx(Object.assign({ baseUrl: app.baseUrl }, options));
		const requests = recordRequests(wx);
		const auth = createAuth({ baseUrl: app.baseUrl, wx, storageKey: KEY });
		return { wx, requests, auth };
	}

	async function getMe(accessToken) {
		const res = await fetch(`${app.baseUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
		return { status: res.status, body: await res.json() };
	}

	function tamper(jwt) {
		const parts = jwt.split('.');
		// change the first signature character: every bit of it counts, unlike the last one's
		parts[2] = (parts[2][0] === 'A' ? 'B' : 'A') + parts[2].slice(1);
		return parts.join('.');
	}

	it('login stores the access token, the refresh token and their expiry', async () => {
		const { wx, auth } = client();
		const before = Date.now();
		const body = await auth.login();
		const stored = wx.getStorageSync(KEY);
		assert.equal(stored.accessToken, body.access_token);
		assert.equal(stored.refreshToken, body.refresh_token);
		assert.equal(stored.openid, wx.openid);
		assert.equal(body.openid, wx.openid);
		assert.ok(stored.expiresAt >= before + body.expires_in * 1000 && stored.expiresAt <= Date.now() + body.expires_in * 1000);
		assert.ok(stored.refreshExpiresAt >= before + body.refresh_expires_in * 1000);
		assert.equal(auth.getAccessToken(), body.access_token);
		assert.equal((await getMe(stored.accessToken)).status, 200);
	});

	it('request logs in first, then sends the Bearer header', async () => {
		const { wx, requests, auth } = client();
		const res = await auth.request({ url: '/api/me' });
		assert.equal(res.statusCode, 200);
		assert.equal(res.data.openid, wx.openid);
		assert.equal(requests.count('/wx/login'), 1);
		const me = requests.calls.find((call) => call.path === '/api/me');
		assert.equal(me.header.Authorization, `Bearer ${wx.getStorageSync(KEY).accessToken}`);
		assert.ok(!('Authorization' in requests.calls.find((call) => call.path === '/wx/login').header));
	});

	it('parallel login() calls share one /wx/login', async () => {
		const { requests, auth } = client();
		const bodies = await Promise.all(Array.from({ length: 8 }, () => auth.login()));
		assert.equal(requests.count('/wx/login'), 1);
		assert.equal(new Set(bodies.map((body) => body.access_token)).size, 1);
	});

	it('an expiring access token is refreshed once for ten parallel requests', async () => {
		const { wx, requests, auth } = client();
		await auth.login();
		const stored = wx.getStorageSync(KEY);
		wx.setStorageSync(KEY, Object.assign({}, stored, { expiresAt: Date.now() + 1000 }));
		requests.reset();
		const responses = await Promise.all(Array.from({ length: 10 }, () => auth.request({ url: '/api/me' })));
		assert.deepEqual(responses.map((res) => res.statusCode), Array(10).fill(200));
		assert.equal(requests.count('/wx/token/refresh'), 1);
		assert.equal(requests.count('/api/me'), 10);
		assert.equal(requests.count('/wx/login'), 0);
		const renewed = wx.getStorageSync(KEY);
		assert.notEqual(renewed.accessToken, stored.accessToken);
		assert.notEqual(renewed.refreshToken, stored.refreshToken);
	});

	it('an invalid access token gets one refresh for ten parallel requests, each retried once', async () => {
		const { wx, requests, auth } = client();
		await auth.login();
		const stored = wx.getStorageSync(KEY);
		wx.setStorageSync(KEY, Object.assign({}, stored, { accessToken: tamper(stored.accessToken) }));
		requests.reset();
		const responses = await Promise.all(Array.from({ length: 10 }, () => auth.request({ url: '/api/me' })));
		assert.deepEqual(responses.map((res) => res.statusCode), Array(10).fill(200));
		assert.equal(requests.count('/wx/token/refresh'), 1);
		const me = requests.calls.filter((call) => call.path === '/api/me');
		assert.equal(me.length, 20);
		assert.equal(me.filter((call) => call.statusCode === 401 && call.data.error === 'invalid_token').length, 10);
		assert.equal(me.filter((call) => call.statusCode === 200).length, 10);
		assert.equal(requests.count('/wx/login'), 0);
	});

	it('a session logged out elsewhere fails the refresh with invalid_grant and logs in again once', async () => {
		const a = client();
		await a.auth.login();
		// another client holding the same session ends it
		const b = client({ openid: a.wx.openid });
		b.wx.setStorageSync(KEY, a.wx.getStorageSync(KEY));
		await b.auth.logout();
		assert.equal(b.requests.calls.find((call) => call.path === '/wx/logout').statusCode, 204);

		a.requests.reset();
		const responses = await Promise.all(Array.from({ length: 10 }, () => a.auth.request({ url: '/api/me' })));
		assert.deepEqual(responses.map((res) => res.statusCode), Array(10).fill(200));
		assert.ok(responses.every((res) => res.data.openid === a.wx.openid));
		const refreshes = a.requests.calls.filter((call) => call.path === '/wx/token/refresh');
		assert.equal(refreshes.length, 1);
		assert.equal(refreshes[0].statusCode, 401);
		assert.equal(refreshes[0].data.error, 'invalid_grant');
		assert.equal(a.requests.count('/wx/login'), 1);
		assert.equal(a.requests.count('/api/me'), 20);
	});

	it('lists the sessions, ends another one, and logs out everywhere', async () => {
		const phone = client();
		await phone.auth.login();
		const tablet = client({ openid: phone.wx.openid });
		await tablet.auth.login();

		const sessions = await phone.auth.sessions();
		assert.equal(sessions.length, 2);
		assert.deepEqual(sessions.map((session) => session.current), [false, true]);
		const tabletSid = sessions[0].sid;

		await phone.auth.endSession(tabletSid);
		assert.equal((await getMe(tablet.auth.getAccessToken())).status, 401);
		assert.equal((await phone.auth.sessions()).length, 1);
		await assert.rejects(phone.auth.endSession(tabletSid), (err) => err instanceof AuthError && err.error === 'not_found');

		const stored = phone.auth.getAccessToken();
		await phone.auth.logoutEverywhere();
		assert.equal(phone.auth.isLoggedIn(), false);
		assert.equal((await getMe(stored)).status, 401);
	});

	it('a disabled account fails with account_disabled after one refresh, and the tokens are cleared', async () => {
		const user = client();
		await user.auth.login();
		const admin = client({ openid: ADMIN_OPENID });
		await admin.auth.login();
		const disabled = await admin.auth.request({ url: `/api/admin/users/${user.wx.openid}/disable`, method: 'POST' });
		assert.equal(disabled.statusCode, 204);

		user.requests.reset();
		await assert.rejects(user.auth.request({ url: '/api/me' }),
			(err) => err instanceof AuthError && err.error === 'account_disabled' && err.status === 403);
		assert.equal(user.requests.count('/wx/token/refresh'), 1);
		assert.equal(user.requests.count('/wx/login'), 0);
		assert.equal(user.auth.isLoggedIn(), false);
		await assert.rejects(user.auth.login(), (err) => err instanceof AuthError && err.error === 'account_disabled');

		assert.equal((await admin.auth.request({ url: `/api/admin/users/${user.wx.openid}/enable`, method: 'POST' }))
			.statusCode, 204);
		await user.auth.login();
		assert.equal((await user.auth.request({ url: '/api/me' })).statusCode, 200);
	});

	it('logout clears the storage and the old access token then gets 401', async () => {
		const { wx, requests, auth } = client();
		await auth.login();
		const old = wx.getStorageSync(KEY).accessToken;
		await auth.logout();
		assert.equal(requests.calls.find((call) => call.path === '/wx/logout').statusCode, 204);
		assert.equal(wx.getStorageSync(KEY), '');
		assert.equal(auth.isLoggedIn(), false);
		const me = await getMe(old);
		assert.equal(me.status, 401);
		assert.equal(me.body.error, 'invalid_token');
	});

	it('logout clears the storage even when the call fails, and reports the failure', async () => {
		const { wx, auth } = client();
		await auth.login();
		const request = wx.request;
		wx.request = (params) => (params.url.endsWith('/wx/logout') ? params.fail({ errMsg: 'request:fail timeout' })
			: request(params));
		await assert.rejects(auth.logout(), (err) => err instanceof AuthError && err.error === 'network_error');
		assert.equal(wx.getStorageSync(KEY), '');
	});

	it('binds the phone number from a bindgetphonenumber event, then /api/member/orders answers 200', async () => {
		const { wx, requests, auth } = client();
		await auth.login();
		await assert.rejects(auth.request({ url: '/api/member/orders' }),
			(err) => err instanceof AuthError && err.status === 403 && err.error === 'access_denied');

		const code = await mintPhoneCode(app.baseUrl, '13800138000', wx.openid);
		const body = await auth.bindPhoneNumber({ type: 'getphonenumber',
			detail: { errMsg: 'getPhoneNumber:ok', code } });
		assert.equal(body.pure_phone_number, '13800138000');
		assert.equal(wx.getStorageSync(KEY).accessToken, body.access_token);
		assert.equal(requests.calls.find((call) => call.path === '/wx/phone').header.Authorization !== undefined, true);

		const me = await auth.request({ url: '/api/me' });
		assert.ok(me.data.authorities.includes('PHONE_VERIFIED'));
		const orders = await auth.request({ url: '/api/member/orders' });
		assert.equal(orders.statusCode, 200);

		// a refreshed token keeps the authority
		await auth.refresh();
		assert.equal((await auth.request({ url: '/api/member/orders' })).statusCode, 200);
	});

	it('loginWithPhone logs in and binds the number in one /wx/login, and a bad phone code stores nothing', async () => {
		const { wx, requests, auth } = client();
		await assert.rejects(auth.loginWithPhone({ detail: { errMsg: 'getPhoneNumber:ok', code: 'not-a-phone-code' } }), (err) => {
			assert.ok(err instanceof AuthError);
			assert.equal(err.status, 401);
			assert.equal(err.error, 'invalid_code');
			assert.equal(err.wxErrcode, 40029);
			return true;
		});
		assert.equal(wx.getStorageSync(KEY), '');

		const code = await mintPhoneCode(app.baseUrl, '13500135000', wx.openid);
		const body = await auth.loginWithPhone({ type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', code } });
		assert.equal(body.phone_bound, true);
		assert.equal(body.pure_phone_number, '13500135000');
		assert.equal(body.openid, wx.openid);
		const logins = requests.calls.filter((call) => call.path === '/wx/login');
		assert.equal(logins.length, 2);
		assert.equal(requests.count('/wx/phone'), 0);
		assert.equal((await auth.request({ url: '/api/member/orders' })).statusCode, 200);
		assert.ok((await auth.request({ url: '/api/me' })).data.authorities.includes('PHONE_VERIFIED'));
	});

	it('a denied phone number rejects with phone_denied without calling the server', async () => {
		const { requests, auth } = client();
		await auth.login();
		requests.reset();
		await assert.rejects(auth.bindPhoneNumber({ type: 'getphonenumber',
			detail: { errMsg: 'getPhoneNumber:fail user deny' } }), (err) => {
			assert.ok(err instanceof AuthError);
			assert.equal(err.error, 'phone_denied');
			assert.equal(err.detail, 'getPhoneNumber:fail user deny');
			return true;
		});
		assert.equal(requests.calls.length, 0);
	});

	it('an invalid login code surfaces as invalid_code with the WeChat errcode', async () => {
		const { wx, auth } = client({ loginCode: 'not-a-minted-code' });
		await assert.rejects(auth.login(), (err) => {
			assert.ok(err instanceof AuthError);
			assert.equal(err.status, 401);
			assert.equal(err.error, 'invalid_code');
			assert.equal(err.wxErrcode, 40029);
			assert.ok(err.detail.length > 0);
			return true;
		});
		assert.equal(wx.getStorageSync(KEY), '');
	});

	it('an invalid phone code surfaces as invalid_code and does not refresh the tokens', async () => {
		const { requests, auth } = client();
		await auth.login();
		requests.reset();
		await assert.rejects(auth.bindPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'not-a-phone-code' } }),
			(err) => err instanceof AuthError && err.status === 401 && err.error === 'invalid_code');
		assert.equal(requests.count('/wx/token/refresh'), 0);
		assert.equal(requests.count('/wx/phone'), 1);
	});

	it('the simulator helper of the mini program logs in the same user again and binds a phone', async () => {
		const base = createFakeWx({ baseUrl: app.baseUrl });
		base.login = () => assert.fail('the simulator helper must not call the real wx.login');
		const first = createAuth({ baseUrl: app.baseUrl, wx: simulatedWx(base, app.baseUrl), storageKey: KEY });
		const body = await first.login();
		assert.equal(body.new_user, true);
		await first.logout();
		const again = await first.login();
		assert.equal(again.openid, body.openid);
		assert.equal(again.new_user, false);

		const event = await phoneNumberEvent(base, app.baseUrl, '13900139000', again.openid);
		assert.equal((await first.bindPhoneNumber(event)).pure_phone_number, '13900139000');
		assert.equal((await first.request({ url: '/api/member/orders' })).statusCode, 200);
	});
});
