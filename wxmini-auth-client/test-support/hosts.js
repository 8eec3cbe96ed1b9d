'use strict';

// Test doubles of the three hosts, each in the shape of the real API: `wx` (native mini program, callbacks),
// `uni` (uni-app: callbacks, `login` wants `provider: 'weixin'`, responses carry `cookies`) and `Taro`
// (`login` and `request` return promises that reject on failure). All of them do real HTTP with fetch,
// get login codes from a `mint(openid)` function, and keep a serialized copy in storage as the real ones do.

function queryString(data) {
	return Object.keys(data).map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(data[key])}`).join('&');
}

/** Like wx.request: objects go as JSON, GET data as the query string, JSON answers are parsed. */
async function httpRequest({ url, method = 'GET', data, header = {}, dataType = 'json' }) {
	let target = url;
	const init = { method, headers: Object.assign({}, header) };
	if (data !== undefined && data !== null) {
		if (method === 'GET') {
			target += (target.includes('?') ? '&' : '?') + queryString(data);
		}
		else {
			const hasType = Object.keys(init.headers).some((name) => name.toLowerCase() === 'content-type');
			if (!hasType) {
				init.headers['content-type'] = 'application/json';
			}
			init.body = (typeof data === 'string') ? data : JSON.stringify(data);
		}
	}
	let res;
	try {
		res = await fetch(target, init);
	}
	catch (err) {
		throw { errMsg: `request:fail ${err.message}` };
	}
	const text = await res.text();
	let body = text;
	if (dataType === 'json' && text) {
		try {
			body = JSON.parse(text);
		}
		catch (err) {
			// not JSON: the hosts hand the string over as is
		}
	}
	const headers = {};
	res.headers.forEach((value, name) => {
		headers[name] = value;
	});
	return { statusCode: res.status, data: body, header: headers };
}

function storageOf(api) {
	const storage = new Map();
	api.storage = storage;
	api.setStorageSync = (key, value) => storage.set(key, JSON.parse(JSON.stringify(value)));
	api.getStorageSync = (key) => (storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : '');
	api.removeStorageSync = (key) => storage.delete(key);
	return api;
}

/**
 * A host of the given flavour.
 * @param {'wx'|'uni'|'taro'} flavour
 * @param {object} options
 * @param {function(?string): (Promise<{code: string, openid: string}>|{code: string, openid: string})} options.mint
 *   a login code for the user, or for a new one when null
 * @param {string} [options.openid] the user; by default the first login makes one up and later logins
 *   reuse it, like one phone
 */
function createHost(flavour, options) {
	const api = storageOf({ flavour, openid: options.openid || null, requests: [] });

	async function mintCode() {
		const minted = await options.mint(api.openid);
		api.openid = minted.openid;
		return { code: minted.code, errMsg: 'login:ok' };
	}

	function record(params) {
		const call = { method: params.method || 'GET', path: new URL(params.url).pathname, header: params.header || {},
			data: params.data, statusCode: null, answer: undefined };
		api.requests.push(call);
		return call;
	}

	if (flavour === 'taro') {
		api.login = () => mintCode().catch((err) => {
			throw { errMsg: `login:fail ${err.message}` };
		});
		api.request = (params) => {
			const call = record(params);
			const task = httpRequest(params).then((res) => {
				call.statusCode = res.statusCode;
				call.answer = res.data;
				return Object.assign({ errMsg: 'request:ok' }, res);
			});
			task.abort = () => {};
			return task;
		};
		return api;
	}

	api.login = (params) => {
		if (flavour === 'uni' && params.provider !== 'weixin') {
			setImmediate(() => params.fail({ errMsg: `login:fail provider ${params.provider} is not available` }));
			return;
		}
		mintCode().then(params.success, (err) => params.fail({ errMsg: `login:fail ${err.message}` }));
	};
	api.request = (params) => {
		const call = record(params);
		httpRequest(params).then((res) => {
			call.statusCode = res.statusCode;
			call.answer = res.data;
			const answer = Object.assign({ errMsg: 'request:ok' }, res);
			if (flavour === 'uni') {
				answer.cookies = [];
			}
			params.success(answer);
		}, params.fail);
		return { abort() {} };
	};
	return api;
}

/** The `createAuth` option that hands the host over: `{wx}`, `{uni}` or `{taro}`. */
function hostOption(api) {
	return { [api.flavour]: api };
}

module.exports = { createHost, hostOption, httpRequest };
