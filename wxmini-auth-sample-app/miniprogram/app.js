'use strict';

var config = require('./config');
// 开发者工具「构建 npm」后从 miniprogram_npm 加载；Node 测试里从 node_modules 加载
var createAuth = require('wxmini-auth-client').createAuth;
var simulatedWx = require('./utils/simulator').simulatedWx;

App({
	// 整个小程序共用一个 auth 实例，登录和刷新的“单飞”才能覆盖所有页面
	// One auth for the whole mini program, so single flight covers every page.
	auth: createAuth({
		baseUrl: config.baseUrl,
		appId: config.appId || undefined,
		wx: config.useSimulator ? simulatedWx(wx, config.baseUrl) : wx,
		timeout: 10000
	}),

	onLaunch: function () {
		// 启动即登录；失败时页面上的按钮可以重试
		this.auth.login().catch(function (err) {
			console.warn('wxmini-auth login failed', err.error, err.detail);
		});
	}
});
