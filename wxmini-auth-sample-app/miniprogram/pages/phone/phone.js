'use strict';

var config = require('../../config');
var phoneNumberEvent = require('../../utils/simulator').phoneNumberEvent;

var auth = getApp().auth;

function describe(err) {
	if (err && err.error === 'phone_denied') {
		return '你拒绝了授权手机号（' + err.detail + '）';
	}
	if (err && err.error) {
		return err.error + (err.status ? ' (HTTP ' + err.status + ')' : '') + (err.detail ? '：' + err.detail : '');
	}
	return String(err);
}

Page({
	data: {
		useSimulator: config.useSimulator,
		simulatedPhone: '13800138000',
		phone: '',
		orders: '',
		error: '',
		busy: false
	},

	// <button open-type="getPhoneNumber" bindgetphonenumber="onGetPhoneNumber">
	onGetPhoneNumber: function (e) {
		return this.bind(e);
	},

	// 模拟器模式：开发者工具里的手机号 code 模拟器不认识，改向模拟器要一个
	onSimulatedPhone: function () {
		var page = this;
		page.setData({ busy: true, error: '' });
		return phoneNumberEvent(wx, config.baseUrl, this.data.simulatedPhone, auth.getOpenid()).then(function (event) {
			return page.bind(event);
		}, function (err) {
			page.setData({ busy: false, error: err.errMsg || String(err) });
		});
	},

	onPhoneInput: function (e) {
		this.setData({ simulatedPhone: e.detail.value });
	},

	bind: function (event) {
		var page = this;
		page.setData({ busy: true, error: '' });
		return auth.bindPhoneNumber(event).then(function (body) {
			page.setData({ phone: body.phone_number });
			return page.loadOrders();
		}).catch(function (err) {
			page.setData({ error: describe(err) });
		}).then(function () {
			page.setData({ busy: false });
		});
	},

	onOrders: function () {
		var page = this;
		page.setData({ busy: true, error: '' });
		return this.loadOrders().catch(function (err) {
			// 绑定手机号之前这里是 403 access_denied
			page.setData({ error: describe(err) });
		}).then(function () {
			page.setData({ busy: false });
		});
	},

	loadOrders: function () {
		var page = this;
		return auth.request({ url: '/api/member/orders' }).then(function (res) {
			page.setData({ orders: JSON.stringify(res.data, null, 2) });
		});
	}
});
