package io.github.wxminiauth.wxjava.autoconfigure;

import cn.binarywang.wx.miniapp.api.WxMaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WxJava logs the URL of its calls, access token included, and the shared token must not end up
 * in the log because the application turned on DEBUG logging.
 */
@ExtendWith(OutputCaptureExtension.class)
class WxJavaLogsNoTokenIntegrationTests {

	private static final String REJECTED = "rejected-token-MUST-NOT-BE-LOGGED-1";

	private static final String RENEWED = "renewed-token-MUST-NOT-BE-LOGGED-2";

	private final WeChat wechat = new WeChat();

	private final Instances instances = new Instances(this.wechat);

	@AfterEach
	void stop() {
		this.instances.close();
		this.wechat.close();
	}

	@Test
	void aRejectedAndRetriedCallLogsNoTokenWithRootAtDebug(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext instance = startWith("logging.level.root=DEBUG");

		callRejectedOnce(instance);

		assertThat(output).as("DEBUG is on").contains(" DEBUG ");
		assertThat(output).doesNotContain(REJECTED).doesNotContain(RENEWED).doesNotContain(WeChat.APP_SECRET);
	}

	@Test
	void wxJavasLoggingIsTheApplicationsToTurnOnExplicitly(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext instance = startWith("logging.level.cn.binarywang.wx.miniapp=DEBUG");

		callRejectedOnce(instance);

		// WxJava logs every successful call with its URL at DEBUG.
		assertThat(output).contains("access_token=" + RENEWED);
	}

	private ConfigurableApplicationContext startWith(String level) {
		this.wechat.issuesTokens(REJECTED, RENEWED);
		this.wechat.wxaCodeRejects(REJECTED);
		this.wechat.wxaCode(RENEWED);
		// Quiet only what has nothing to do with WeChat calls, to keep the build log readable.
		return this.instances.start(level, "logging.level.org.springframework=INFO", "logging.level.org.apache.catalina=INFO",
				"logging.level.org.apache.tomcat=INFO", "logging.level.org.eclipse.jetty=INFO",
				"logging.level.io.netty=INFO", "logging.level.wiremock=INFO");
	}

	private void callRejectedOnce(ConfigurableApplicationContext instance) throws Exception {
		byte[] code = instance.getBean(WxMaService.class)
			.getQrcodeService()
			.createWxaCodeUnlimitBytes("scene-1", null, false, "release", 430, false, null, false);
		assertThat(code).isEqualTo(WeChat.PNG);
		assertThat(this.wechat.calls(WeChat.WXA_CODE, REJECTED)).isEqualTo(1);
	}

}
