'use strict';

// The sample's pages rendered with miniprogram-simulate against the running sample app: tap the buttons,
// fire getphonenumber as WeChat does, and read what the page shows.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');

const { createFakeWx, mintPhoneCode } = require('../test-support/fake-wx');
const { getPhoneNumber, launch, renderPage, shutDown, tap, textOf } = require('../test-support/mini-program');
const { startSampleApp } = require('../test-support/sample-app');

// where utils/simulator.js keeps the simulated device's user
const SIMULATOR_OPENID_KEY = 'wxmini-auth-simulator-openid';

describe('the sample pages under miniprogram-simulate, against the sample app', () => {
	let app;
	let wx;
	let auth;
	const navigations = [];

	before(async () => {
		app = await startSampleApp();
		wx = createFakeWx({ baseUrl: app.baseUrl });
		wx.login = () => assert.fail('the sample takes its codes from the simulator, not from wx.login');
		wx.navigateTo = (options) => navigations.push(options.url);
		auth = launch(wx, { baseUrl: app.baseUrl, useSimulator: true }).auth;
		// onLaunch logs in; wait for that login (a second call shares it)
		await auth.login();
	});

	after(async () => {
		shutDown();
		if (app) {
			await app.stop();
		}
	});

	it('index shows the user logged in at launch, calls /api/me, logs out and in again', async () => {
		const index = renderPage('pages/index/index');
		const openid = wx.getStorageSync(SIMULATOR_OPENID_KEY);
		assert.match(openid, /\S/);
		assert.equal(textOf(index, 'openid'), openid);
		assert.equal(textOf(index, 'error'), null);

		await tap(index, 'me');
		const me = JSON.parse(textOf(index, 'response'));
		assert.equal(me.openid, openid);
		assert.ok(me.authorities.includes('ROLE_USER'));

		await tap(index, 'to-phone');
		assert.deepEqual(navigations, ['/pages/phone/phone']);

		await tap(index, 'logout');
		assert.equal(textOf(index, 'openid'), '未登录');
		assert.equal(auth.isLoggedIn(), false);

		await tap(index, 'login');
		assert.equal(textOf(index, 'openid'), openid);
		assert.equal(textOf(index, 'response'), '欢迎回来');
	});

	it('index shows a refused phone number without calling the server', async () => {
		const index = renderPage('pages/index/index');
		await getPhoneNumber(index, 'phone-login', { errMsg: 'getPhoneNumber:fail user deny' });
		assert.equal(textOf(index, 'error'), '你拒绝了授权手机号（getPhoneNumber:fail user deny）');
	});

	it('index logs in with the phone number in one tap', async () => {
		await auth.logout();
		const index = renderPage('pages/index/index');
		assert.equal(textOf(index, 'openid'), '未登录');
		await getPhoneNumber(index, 'phone-login', { errMsg: 'getPhoneNumber:ok', code: await mintPhoneCode(app.baseUrl, '13700137000') });
		assert.equal(textOf(index, 'error'), null);
		assert.match(textOf(index, 'response'), /13700137000$/);
		assert.equal(textOf(index, 'openid'), wx.getStorageSync(SIMULATOR_OPENID_KEY));
		assert.equal((await auth.request({ url: '/api/member/orders' })).statusCode, 200);

		await getPhoneNumber(index, 'phone-login', { errMsg: 'getPhoneNumber:ok', code: 'not-a-phone-code' });
		assert.match(textOf(index, 'error'), /^invalid_code \(HTTP 401\)/);

		// the simulator's own button, for devtools, whose phone codes the simulator does not know
		await auth.logout();
		await tap(index, 'simulated-phone-login');
		assert.equal(textOf(index, 'error'), null);
		assert.match(textOf(index, 'response'), /13800138000$/);
		assert.equal((await auth.request({ url: '/api/me' })).data.phone_number, '13800138000');
	});

	it('phone shows the 403 before binding, binds the number from getphonenumber, then shows the orders', async () => {
		// a new simulated device, whose user has no phone number yet
		await auth.logout();
		wx.removeStorageSync(SIMULATOR_OPENID_KEY);
		await auth.login();
		const phone = renderPage('pages/phone/phone');
		assert.equal(textOf(phone, 'phone'), '未绑定');

		await tap(phone, 'orders');
		assert.match(textOf(phone, 'error'), /^access_denied \(HTTP 403\)/);

		await getPhoneNumber(phone, 'bind-phone', { errMsg: 'getPhoneNumber:ok', code: 'not-a-phone-code' });
		assert.match(textOf(phone, 'error'), /^invalid_code \(HTTP 401\)/);
		assert.equal(textOf(phone, 'phone'), '未绑定');

		const code = await mintPhoneCode(app.baseUrl, '13800138000', wx.getStorageSync(SIMULATOR_OPENID_KEY));
		await getPhoneNumber(phone, 'bind-phone', { errMsg: 'getPhoneNumber:ok', code });
		assert.equal(textOf(phone, 'error'), null);
		assert.equal(textOf(phone, 'phone'), '13800138000');
		assert.ok(textOf(phone, 'orders-body').length > 0);
		assert.equal(phone.data.busy, false);
	});

	it('phone shows a refusal, and binds a simulator code with its own button', async () => {
		const phone = renderPage('pages/phone/phone');
		await getPhoneNumber(phone, 'bind-phone', { errMsg: 'getPhoneNumber:fail user deny' });
		assert.equal(textOf(phone, 'error'), '你拒绝了授权手机号（getPhoneNumber:fail user deny）');

		phone.setData({ simulatedPhone: '13900139000' });
		await tap(phone, 'simulated-phone');
		assert.equal(textOf(phone, 'error'), null);
		assert.equal(textOf(phone, 'phone'), '13900139000');
		assert.equal((await auth.request({ url: '/api/me' })).data.phone_number, '13900139000');
	});
});
