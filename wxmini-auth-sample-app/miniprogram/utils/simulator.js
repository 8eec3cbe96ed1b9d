'use strict';

/**
 * 开发辅助：让 `wx.login` 和手机号按钮从示例应用内置的微信模拟器取 code。只用于本地演示，勿用于正式版本。
 *
 * Development aid for the sample app's built-in WeChat simulator: a `wx` whose `login` mints a code
 * at `POST /simulator/codes/login` instead of asking WeChat, and a helper that mints a phone-number
 * code. Only for local demos, never for a release.
 *
 * @module utils/simulator
 */

var STORAGE_KEY = 'wxmini-auth-simulator-openid';

function mint(wxApi, url, data) {
	return new Promise(function (resolve, reject) {
		wxApi.request({
			url: url,
			method: 'POST',
			data: data,
			header: { 'content-type': 'application/json' },
			success: function (res) {
				if (res.statusCode === 200 && res.data && res.data.code) {
					resolve(res.data);
				}
				else {
					reject({ errMsg: 'simulator answered ' + res.statusCode + ': ' + JSON.stringify(res.data) });
				}
			},
			fail: reject
		});
	});
}

/**
 * 返回一个 wx 代理：`login` 向模拟器要 code（同一台设备一直是同一个 openid），
 * `request` 和本地存储原样转发。
 *
 * @param {object} wxApi the real `wx`
 * @param {string} baseUrl the sample app
 * @returns {object} a `wx` to pass to `createAuth({ wx })`
 */
function simulatedWx(wxApi, baseUrl) {
	// 只转发 auth.js 用到的 API，调用时 this 仍是真正的 wx
	var proxy = {
		request: function (options) {
			return wxApi.request(options);
		},
		getStorageSync: function (key) {
			return wxApi.getStorageSync(key);
		},
		setStorageSync: function (key, value) {
			return wxApi.setStorageSync(key, value);
		},
		removeStorageSync: function (key) {
			return wxApi.removeStorageSync(key);
		}
	};
	proxy.login = function (options) {
		var openid = wxApi.getStorageSync(STORAGE_KEY);
		mint(wxApi, baseUrl + '/simulator/codes/login', openid ? { openid: openid } : {}).then(function (minted) {
			wxApi.setStorageSync(STORAGE_KEY, minted.openid);
			options.success({ code: minted.code, errMsg: 'login:ok' });
		}, function (err) {
			options.fail({ errMsg: 'login:fail ' + (err && err.errMsg) });
		});
	};
	return proxy;
}

/**
 * 向模拟器要一个手机号 code，包装成 `bindgetphonenumber` 的事件对象，可直接交给 `auth.bindPhoneNumber`。
 *
 * @param {object} wxApi the real `wx`
 * @param {string} baseUrl the sample app
 * @param {string} phoneNumber e.g. `13800138000`
 * @param {?string} openid the user who may redeem the code
 * @returns {Promise<{type: string, detail: {errMsg: string, code: string}}>}
 */
function phoneNumberEvent(wxApi, baseUrl, phoneNumber, openid) {
	var data = { phone_number: phoneNumber };
	if (openid) {
		data.openid = openid;
	}
	return mint(wxApi, baseUrl + '/simulator/codes/phone', data).then(function (minted) {
		return { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', code: minted.code } };
	});
}

module.exports = {
	simulatedWx: simulatedWx,
	phoneNumberEvent: phoneNumberEvent
};
