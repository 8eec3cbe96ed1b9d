/**
 * A stand-in for WeChat's servers in tests: {@link io.github.wxminiauth.test.wechat.WeChatSimulator}
 * holds the state and answers like WeChat, with faults a test can inject;
 * {@link io.github.wxminiauth.test.wechat.WeChatSimulatorExtension} serves it over HTTP for a JUnit 5
 * test class.
 * <p>
 * API: every public type here; the HTTP server behind the extension is package-private.
 *
 * @since 0.2.0
 */
@NullMarked
package io.github.wxminiauth.test.wechat;

import org.jspecify.annotations.NullMarked;
