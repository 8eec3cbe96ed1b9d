'use strict';

/**
 * wxmini-auth-client：wxmini-auth 后端的小程序端客户端（原生小程序、uni-app、Taro）。
 *
 * The mini program client of a wxmini-auth backend, for native mini programs, uni-app and Taro.
 * Plain CommonJS and ES2017, no dependencies.
 *
 * @module wxmini-auth-client
 */

var errors = require('./lib/errors');
var platforms = require('./lib/platforms');

module.exports = {
	createAuth: require('./lib/client').createAuth,
	AuthError: errors.AuthError,
	CONTRACT_ERRORS: errors.CONTRACT_ERRORS,
	CLIENT_ERRORS: errors.CLIENT_ERRORS,
	wxPlatform: platforms.wxPlatform,
	uniPlatform: platforms.uniPlatform,
	taroPlatform: platforms.taroPlatform
};
