'use strict';

var config = require('../../config');
var phoneNumberEvent = require('../../utils/simulator').phoneNumberEvent;

var auth = getApp().auth;

function describe(err) {
	// AuthError 带有契约里的 error 码；其他异常原样显示
	if (err && err.error === 'phone_denied') {
		return '你拒绝了授权手机号（' + err.detail + '）';
	}
	if (err && err.error) {
		return err.error + (err.status ? ' (HTTP ' + err.status + ')' : '') + (err.detail ? '：' + err.detail : '') +
			(err.retryAfter ? '，' + err.retryAfter + ' 秒后再试' : '');
	}
	return String(err);
}

Page({
	data: {
		openid: '',
		loggedIn: false,
		me: '',
		error: '',
		busy: false,
		useSimulator: config.useSimulator
	},

	onShow: function () {
		this.showSession();
	},

	showSession: function () {
		this.setData({ openid: auth.getOpenid() || '', loggedIn: auth.isLoggedIn() });
	},

	run: function (action) {
		var page = this;
		page.setData({ busy: true, error: '' });
		return action().catch(function (err) {
			page.setData({ error: describe(err) });
		}).then(function () {
			page.setData({ busy: false });
			page.showSession();
		});
	},

	onLogin: function () {
		var page = this;
		return this.run(function () {
			return auth.login().then(function (body) {
				page.setData({ me: body.new_user ? '欢迎新用户' : '欢迎回来' });
			});
		});
	},

	// <button open-type="getPhoneNumber" bindgetphonenumber="onPhoneLogin">：登录和绑定手机号一步完成
	onPhoneLogin: function (e) {
		var page = this;
		return this.run(function () {
			return auth.loginWithPhone(e).then(function (body) {
				page.setData({ me: (body.new_user ? '欢迎新用户 ' : '欢迎回来 ') + body.phone_number });
			});
		});
	},

	// 模拟器模式：开发者工具里的手机号 code 模拟器不认识，改向模拟器要一个
	onSimulatedPhoneLogin: function () {
		var page = this;
		page.setData({ busy: true, error: '' });
		return phoneNumberEvent(wx, config.baseUrl, '13800138000', null).then(function (event) {
			return page.onPhoneLogin(event);
		}, function (err) {
			page.setData({ busy: false, error: err.errMsg || String(err) });
		});
	},

	onMe: function () {
		var page = this;
		return this.run(function () {
			return auth.request({ url: '/api/me' }).then(function (res) {
				page.setData({ me: JSON.stringify(res.data, null, 2) });
			});
		});
	},

	onLogout: function () {
		var page = this;
		return this.run(function () {
			return auth.logout().then(function () {
				page.setData({ me: '' });
			});
		});
	},

	toPhone: function () {
		wx.navigateTo({ url: '/pages/phone/phone' });
	}
});
