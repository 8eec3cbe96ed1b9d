'use strict';

// A fake `wx` for Node: request does real HTTP, login mints a code from the sample app's WeChat
// simulator, storage lives in a Map.

async function postJson(url, body) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	const data = await res.json();
	if (!res.ok) {
		throw new Error(`${url} answered ${res.status}: ${JSON.stringify(data)}`);
	}
	return data;
}

function queryString(data) {
	return Object.keys(data).map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(data[key])}`).join('&');
}

/**
 * @param {object} options
 * @param {string} options.baseUrl the sample app
 * @param {string} [options.openid] the simulated user; by default the first login makes one up and
 *   later logins reuse it, like one phone
 * @param {string} [options.loginCode] a fixed code for wx.login to return instead of minting one
 */
function createFakeWx(options) {
	const storage = new Map();
	const wx = {
		openid: options.openid || null,
		storage,

		login({ success, fail }) {
			if (options.loginCode) {
				setImmediate(() => success({ code: options.loginCode, errMsg: 'login:ok' }));
				return;
			}
			postJson(`${options.baseUrl}/simulator/codes/login`, wx.openid ? { openid: wx.openid } : {}).then(
				(minted) => {
					wx.openid = minted.openid;
					success({ code: minted.code, errMsg: 'login:ok' });
				},
				(err) => fail({ errMsg: `login:fail ${err.message}` }));
		},

		request({ url, method = 'GET', data, header = {}, success, fail }) {
			let target = url;
			const init = { method, headers: Object.assign({}, header) };
			if (data !== undefined && data !== null) {
				if (method === 'GET') {
					target += (target.includes('?') ? '&' : '?') + queryString(data);
				}
				else {
					// like wx.request: objects go as JSON unless the caller says otherwise
					const hasType = Object.keys(init.headers).some((name) => name.toLowerCase() === 'content-type');
					if (!hasType) {
						init.headers['content-type'] = 'application/json';
					}
					init.body = (typeof data === 'string') ? data : JSON.stringify(data);
				}
			}
			fetch(target, init).then(async (res) => {
				const text = await res.text();
				let body = text;
				try {
					body = text ? JSON.parse(text) : '';
				}
				catch (err) {
					// not JSON: wx.request hands the string over as is
				}
				const headers = {};
				res.headers.forEach((value, name) => {
					headers[name] = value;
				});
				success({ statusCode: res.status, data: body, header: headers, errMsg: 'request:ok' });
			}, (err) => fail({ errMsg: `request:fail ${err.message}` }));
			return { abort() {} };
		},

		// wx storage keeps a serialized copy, not the caller's object
		setStorageSync(key, value) {
			storage.set(key, JSON.parse(JSON.stringify(value)));
		},
		getStorageSync(key) {
			return storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : '';
		},
		removeStorageSync(key) {
			storage.delete(key);
		}
	};
	return wx;
}

/**
 * Wraps wx.request to record every call and its answer.
 * @returns {{calls: Array<{method: string, path: string, header: object, statusCode: ?number, data: *}>,
 *   count: function(string): number}}
 */
function recordRequests(wx) {
	const calls = [];
	const request = wx.request;
	wx.request = (params) => {
		const call = { method: params.method || 'GET', path: new URL(params.url).pathname,
			header: params.header || {}, statusCode: null, data: undefined };
		calls.push(call);
		return request.call(wx, Object.assign({}, params, {
			success(res) {
				call.statusCode = res.statusCode;
				call.data = res.data;
				params.success(res);
			}
		}));
	};
	return {
		calls,
		count: (path) => calls.filter((call) => call.path === path).length,
		reset: () => calls.splice(0, calls.length)
	};
}

async function mintPhoneCode(baseUrl, phoneNumber, openid) {
	return (await postJson(`${baseUrl}/simulator/codes/phone`, { phone_number: phoneNumber, openid })).code;
}

module.exports = { createFakeWx, recordRequests, mintPhoneCode };
