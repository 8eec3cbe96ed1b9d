'use strict';

/**
 * 平台适配器：把原生小程序的 `wx`、uni-app 的 `uni` 和 Taro 的 `Taro` 变成同一个小接口，客户端只认这个接口。
 *
 * Platform adapters: each turns one host API (`wx` of a native mini program, `uni` of uni-app,
 * `Taro` of Taro) into the same small interface, so the client behaves the same everywhere:
 *
 * - `login()` → `Promise<string>` a fresh `wx.login` code, rejects with `{errMsg}`
 * - `request({url, method, data, header, timeout})` → `Promise<{statusCode, data, header}>` for any
 *   HTTP status, rejects with `{errMsg}` only when there is no HTTP answer
 * - `getItem(key)`, `setItem(key, value)`, `removeItem(key)`: synchronous storage
 *
 * @module wxmini-auth-client/lib/platforms
 */

function requireApi(api, name, methods) {
	if (!api || typeof api !== 'object' && typeof api !== 'function') {
		throw new TypeError('wxmini-auth-client: ' + name + ' is not an API object');
	}
	methods.forEach(function (method) {
		if (typeof api[method] !== 'function') {
			throw new TypeError('wxmini-auth-client: ' + name + '.' + method + ' is not a function');
		}
	});
}

function requestParams(req) {
	var params = {
		url: req.url,
		method: req.method,
		header: req.header,
		dataType: 'json'
	};
	if (req.data !== undefined) {
		params.data = req.data;
	}
	if (req.timeout) {
		params.timeout = req.timeout;
	}
	return params;
}

function response(res) {
	return { statusCode: res.statusCode, data: res.data, header: res.header || {} };
}

/**
 * 用回调风格的 API（`wx`、`uni`）实现适配器。Callback-style hosts: `wx` and `uni` take `success` and
 * `fail`; uni-app's promise forms differ between Vue 2 (`[err, res]`) and Vue 3, the callbacks do not.
 */
function callbackPlatform(api, loginOptions) {
	return {
		login: function () {
			return new Promise(function (resolve, reject) {
				api.login(Object.assign({}, loginOptions, {
					success: function (res) {
						if (res && res.code) {
							resolve(res.code);
						}
						else {
							reject({ errMsg: (res && res.errMsg) || 'login gave no code' });
						}
					},
					fail: function (err) {
						reject({ errMsg: (err && err.errMsg) || 'login failed' });
					}
				}));
			});
		},
		request: function (req) {
			return new Promise(function (resolve, reject) {
				api.request(Object.assign(requestParams(req), {
					success: function (res) {
						resolve(response(res));
					},
					fail: function (err) {
						reject({ errMsg: (err && err.errMsg) || 'request failed' });
					}
				}));
			});
		},
		getItem: function (key) {
			return api.getStorageSync(key);
		},
		setItem: function (key, value) {
			api.setStorageSync(key, value);
		},
		removeItem: function (key) {
			if (typeof api.removeStorageSync === 'function') {
				api.removeStorageSync(key);
			}
			else {
				api.setStorageSync(key, '');
			}
		}
	};
}

/**
 * 原生小程序。A native mini program's `wx` (also anything shaped like it, e.g. a test double).
 * @param {object} wx
 */
function wxPlatform(wx) {
	requireApi(wx, 'wx', ['login', 'request', 'getStorageSync', 'setStorageSync']);
	return callbackPlatform(wx, {});
}

/**
 * uni-app：`uni.login({provider: 'weixin'})`、`uni.request`、`uni.*StorageSync`。
 * @param {object} uni
 */
function uniPlatform(uni) {
	requireApi(uni, 'uni', ['login', 'request', 'getStorageSync', 'setStorageSync']);
	return callbackPlatform(uni, { provider: 'weixin' });
}

/**
 * Taro：`Taro.login()` 和 `Taro.request()` 返回 Promise（失败时 reject），存储用 `Taro.*StorageSync`。
 * Taro's `login` and `request` return promises that reject on failure.
 * @param {object} taro the `Taro` object of `@tarojs/taro`
 */
function taroPlatform(taro) {
	requireApi(taro, 'Taro', ['login', 'request', 'getStorageSync', 'setStorageSync']);
	return {
		login: function () {
			return Promise.resolve(taro.login()).then(function (res) {
				if (res && res.code) {
					return res.code;
				}
				throw { errMsg: (res && res.errMsg) || 'login gave no code' };
			}, function (err) {
				throw { errMsg: (err && err.errMsg) || 'login failed' };
			});
		},
		request: function (req) {
			return Promise.resolve(taro.request(requestParams(req))).then(response, function (err) {
				throw { errMsg: (err && err.errMsg) || 'request failed' };
			});
		},
		getItem: function (key) {
			return taro.getStorageSync(key);
		},
		setItem: function (key, value) {
			taro.setStorageSync(key, value);
		},
		removeItem: function (key) {
			if (typeof taro.removeStorageSync === 'function') {
				taro.removeStorageSync(key);
			}
			else {
				taro.setStorageSync(key, '');
			}
		}
	};
}

module.exports = {
	wxPlatform: wxPlatform,
	uniPlatform: uniPlatform,
	taroPlatform: taroPlatform
};
