/*
 * wxmini-auth playground: drives the sample app's API from the browser and shows every HTTP
 * exchange. Plain JavaScript, no dependencies, so that the page works offline.
 */
(function () {
	'use strict';

	// Headers worth showing: the ones the contract gives a meaning to
	var SHOWN_HEADERS = ['content-type', 'www-authenticate', 'retry-after', 'cache-control'];

	var state = {
		loginCode: null,
		phoneCode: null,
		accessToken: null,
		refreshToken: null,
		openid: null,
		phone: null,
		loggedOut: false
	};

	function $(id) {
		return document.getElementById(id);
	}

	function el(tag, className, text) {
		var node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text !== undefined && text !== null) {
			node.textContent = text;
		}
		return node;
	}

	function abbreviate(token) {
		if (!token) {
			return '—';
		}
		return token.length > 24 ? token.slice(0, 12) + '…' + token.slice(-8) : token;
	}

	function pretty(text) {
		if (!text) {
			return '';
		}
		try {
			return JSON.stringify(JSON.parse(text), null, 2);
		}
		catch (e) {
			return text;
		}
	}

	function randomOpenid() {
		var alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
		var values = new Uint8Array(6);
		window.crypto.getRandomValues(values);
		var suffix = '';
		for (var i = 0; i < values.length; i++) {
			suffix += alphabet.charAt(values[i] % alphabet.length);
		}
		return 'o_demo_' + suffix;
	}

	/*
	 * Sends one request and renders it with its response into the given exchange element. Resolves
	 * to {status, body} where body is the parsed JSON or null.
	 */
	function exchange(target, method, path, options) {
		options = options || {};
		var headers = {};
		if (options.json !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		if (options.bearer) {
			headers['Authorization'] = 'Bearer ' + options.bearer;
		}
		var body = (options.json !== undefined) ? JSON.stringify(options.json) : undefined;
		var node = $(target);
		node.setAttribute('data-state', 'loading');
		node.removeAttribute('data-status');
		renderRequest(node, method, path, headers, body);
		return fetch(path, { method: method, headers: headers, body: body, credentials: 'omit', cache: 'no-store' })
			.then(function (response) {
				return response.text().then(function (text) {
					var parsed = null;
					try {
						parsed = text ? JSON.parse(text) : null;
					}
					catch (e) {
						parsed = null;
					}
					renderResponse(node, response, text);
					node.setAttribute('data-status', String(response.status));
					node.setAttribute('data-state', 'done');
					return { status: response.status, body: parsed };
				});
			})
			.catch(function (error) {
				renderFailure(node, error);
				node.setAttribute('data-state', 'failed');
				return { status: 0, body: null };
			});
	}

	function renderRequest(node, method, path, headers, body) {
		node.textContent = '';
		var request = el('div', 'http request');
		request.appendChild(el('h4', null, '请求 Request'));
		var lines = [method + ' ' + new URL(path, window.location.href).href];
		Object.keys(headers).forEach(function (name) {
			var value = headers[name];
			if (name === 'Authorization') {
				value = 'Bearer ' + abbreviate(value.slice('Bearer '.length));
			}
			lines.push(name + ': ' + value);
		});
		request.appendChild(el('pre', 'head', lines.join('\n')));
		if (body !== undefined) {
			request.appendChild(el('pre', 'json', pretty(body)));
		}
		node.appendChild(request);
		var response = el('div', 'http response');
		response.appendChild(el('h4', null, '响应 Response'));
		response.appendChild(el('p', 'pending', '等待中… Waiting…'));
		node.appendChild(response);
	}

	function renderResponse(node, response, text) {
		var box = node.querySelector('.response');
		box.textContent = '';
		box.appendChild(el('h4', null, '响应 Response'));
		var status = el('p', 'status');
		var badge = el('span', 'badge ' + statusClass(response.status), String(response.status));
		badge.setAttribute('data-testid', 'status');
		status.appendChild(badge);
		status.appendChild(document.createTextNode(' ' + (response.statusText || reasonPhrase(response.status))));
		box.appendChild(status);
		var headerLines = [];
		SHOWN_HEADERS.forEach(function (name) {
			var value = response.headers.get(name);
			if (value !== null) {
				headerLines.push(canonical(name) + ': ' + value);
			}
		});
		if (headerLines.length > 0) {
			var headers = el('pre', 'head', headerLines.join('\n'));
			headers.setAttribute('data-testid', 'response-headers');
			box.appendChild(headers);
		}
		var body = el('pre', text ? 'json' : 'json empty', text ? pretty(text) : '（无响应体 no body）');
		body.setAttribute('data-testid', 'response-body');
		box.appendChild(body);
	}

	function renderFailure(node, error) {
		var box = node.querySelector('.response');
		box.textContent = '';
		box.appendChild(el('h4', null, '响应 Response'));
		var message = el('p', 'status');
		message.appendChild(el('span', 'badge error', '—'));
		message.appendChild(document.createTextNode(' 请求失败 Request failed: ' + error));
		box.appendChild(message);
	}

	function statusClass(status) {
		if (status >= 500) {
			return 'error';
		}
		if (status >= 400) {
			return 'warn';
		}
		return 'ok';
	}

	function reasonPhrase(status) {
		var phrases = { 200: 'OK', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
			429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };
		return phrases[status] || '';
	}

	function canonical(name) {
		return name.split('-').map(function (part) {
			return part.charAt(0).toUpperCase() + part.slice(1);
		}).join('-').replace('Www-', 'WWW-');
	}

	function base64UrlDecode(segment) {
		var base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
		while (base64.length % 4 !== 0) {
			base64 += '=';
		}
		var binary = window.atob(base64);
		var bytes = new Uint8Array(binary.length);
		for (var i = 0; i < binary.length; i++) {
			bytes[i] = binary.charCodeAt(i);
		}
		return new TextDecoder('utf-8').decode(bytes);
	}

	function showClaims() {
		var header = $('claims-header');
		var payload = $('claims-payload');
		var times = $('claims-times');
		if (!state.accessToken) {
			header.textContent = '—';
			payload.textContent = '—';
			header.classList.add('empty');
			payload.classList.add('empty');
			times.textContent = '';
			return;
		}
		try {
			var parts = state.accessToken.split('.');
			var decodedHeader = JSON.parse(base64UrlDecode(parts[0]));
			var decodedPayload = JSON.parse(base64UrlDecode(parts[1]));
			header.textContent = JSON.stringify(decodedHeader, null, 2);
			payload.textContent = JSON.stringify(decodedPayload, null, 2);
			header.classList.remove('empty');
			payload.classList.remove('empty');
			times.textContent = describeTimes(decodedPayload);
		}
		catch (e) {
			header.textContent = '无法解码 Cannot decode: ' + e;
			payload.textContent = '';
		}
	}

	function describeTimes(claims) {
		var lines = [];
		if (typeof claims.iat === 'number') {
			lines.push('iat 签发 issued: ' + new Date(claims.iat * 1000).toLocaleString());
		}
		if (typeof claims.exp === 'number') {
			lines.push('exp 过期 expires: ' + new Date(claims.exp * 1000).toLocaleString());
		}
		return lines.join('  ·  ');
	}

	function render() {
		$('session-openid').textContent = state.openid || '—';
		$('session-phone').textContent = state.phone || '—';
		$('session-access-token').textContent = abbreviate(state.accessToken);
		$('session-refresh-token').textContent = abbreviate(state.refreshToken);
		// After logout the token stays usable here, so that a person can see the server reject it
		var hasToken = !!state.accessToken;
		$('btn-login').disabled = !state.loginCode;
		['btn-call-me', 'btn-call-orders', 'btn-call-admin', 'btn-mint-phone', 'btn-logout'].forEach(function (id) {
			$(id).disabled = !hasToken;
		});
		$('btn-bind-phone').disabled = !hasToken || !state.phoneCode;
		$('btn-orders-after-bind').disabled = !hasToken || !state.phone;
		$('btn-refresh').disabled = !state.refreshToken;
		$('btn-me-after-logout').disabled = !state.loggedOut;
		showClaims();
	}

	function acceptTokens(body) {
		state.accessToken = body.access_token;
		if (body.refresh_token) {
			state.refreshToken = body.refresh_token;
		}
		if (body.openid) {
			state.openid = body.openid;
		}
	}

	function mintLoginCode() {
		var openid = $('openid').value.trim();
		var request = openid ? { openid: openid } : {};
		return exchange('exchange-mint-login', 'POST', '/simulator/codes/login', { json: request })
			.then(function (result) {
				if (result.status === 200) {
					state.loginCode = result.body.code;
				}
				render();
			});
	}

	function logIn() {
		var code = state.loginCode;
		return exchange('exchange-login', 'POST', '/wx/login', { json: { code: code } })
			.then(function (result) {
				// A code is single use, whatever WeChat answered
				state.loginCode = null;
				if (result.status === 200) {
					state.loggedOut = false;
					state.phone = null;
					state.phoneCode = null;
					acceptTokens(result.body);
				}
				render();
			});
	}

	function callApi(target, path) {
		return exchange(target, 'GET', path, { bearer: state.accessToken }).then(function (result) {
			if (result.status === 200 && path === '/api/me' && result.body) {
				state.phone = result.body.phone_number || null;
			}
			render();
		});
	}

	function mintPhoneCode() {
		var request = { phone_number: $('phone-number').value.trim() };
		if (state.openid) {
			request.openid = state.openid;
		}
		return exchange('exchange-mint-phone', 'POST', '/simulator/codes/phone', { json: request })
			.then(function (result) {
				if (result.status === 200) {
					state.phoneCode = result.body.code;
				}
				render();
			});
	}

	function bindPhone() {
		var code = state.phoneCode;
		return exchange('exchange-bind-phone', 'POST', '/wx/phone', { json: { code: code }, bearer: state.accessToken })
			.then(function (result) {
				state.phoneCode = null;
				if (result.status === 200) {
					state.accessToken = result.body.access_token;
					state.phone = result.body.phone_number;
				}
				render();
			});
	}

	function refresh() {
		return exchange('exchange-refresh', 'POST', '/wx/token/refresh', { json: { refresh_token: state.refreshToken } })
			.then(function (result) {
				if (result.status === 200) {
					state.loggedOut = false;
					acceptTokens(result.body);
				}
				render();
			});
	}

	function logOut() {
		return exchange('exchange-logout', 'POST', '/wx/logout', { bearer: state.accessToken })
			.then(function (result) {
				if (result.status === 204) {
					state.loggedOut = true;
				}
				render();
			});
	}

	function reset() {
		state.loginCode = null;
		state.phoneCode = null;
		state.accessToken = null;
		state.refreshToken = null;
		state.openid = null;
		state.phone = null;
		state.loggedOut = false;
		Array.prototype.forEach.call(document.querySelectorAll('.exchange'), function (node) {
			node.textContent = '';
			node.removeAttribute('data-state');
			node.removeAttribute('data-status');
		});
		$('openid').value = randomOpenid();
		render();
	}

	function on(id, handler) {
		$(id).addEventListener('click', handler);
	}

	on('btn-mint-login', mintLoginCode);
	on('btn-login', logIn);
	on('btn-call-me', function () {
		return callApi('exchange-me', '/api/me');
	});
	on('btn-call-orders', function () {
		return callApi('exchange-orders', '/api/member/orders');
	});
	on('btn-call-admin', function () {
		return callApi('exchange-admin', '/api/admin/users');
	});
	on('btn-mint-phone', mintPhoneCode);
	on('btn-bind-phone', bindPhone);
	on('btn-orders-after-bind', function () {
		return callApi('exchange-orders-after-bind', '/api/member/orders');
	});
	on('btn-refresh', refresh);
	on('btn-logout', logOut);
	on('btn-me-after-logout', function () {
		return callApi('exchange-me-after-logout', '/api/me');
	});
	on('btn-reset', reset);

	reset();
})();
