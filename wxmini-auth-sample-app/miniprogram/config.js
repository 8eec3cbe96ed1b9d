'use strict';

/**
 * 示例小程序的配置。Configuration of the sample mini program.
 */
module.exports = {
	// 后端地址。真机预览时换成电脑的局域网 IP，例如 http://192.168.1.10:8080
	// The backend. On a phone, use the computer's LAN address instead of 127.0.0.1.
	baseUrl: 'http://127.0.0.1:8080',

	// 多个小程序共用一个后端时填写本小程序的 AppID（作为 app_id 发给 /wx/login）；单小程序留空
	// This mini program's AppID when the backend serves several; leave null for one.
	appId: null,

	// true：向示例应用内置的微信模拟器要 code（开发者工具里的 wx.login code 模拟器不认识）。
	// 连接真实微信（sample.simulator.enabled=false）时改为 false。
	// true: take codes from the sample app's WeChat simulator, which does not know real wx.login
	// codes. Set false against a backend that talks to WeChat.
	useSimulator: true
};
