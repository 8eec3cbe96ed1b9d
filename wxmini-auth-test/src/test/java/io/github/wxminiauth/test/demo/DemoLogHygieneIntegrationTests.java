package io.github.wxminiauth.test.demo;

import io.github.wxminiauth.test.wechat.WeChatSimulator;
import io.github.wxminiauth.test.wechat.WeChatSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With everything at DEBUG, the simulator's side of the traffic puts no AppSecret and no session
 * key into the log. The starter's HTTP client is set to INFO here: its own wire logging is the
 * starter's to keep quiet, and would otherwise print the request this test is about.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.root=DEBUG", "logging.level.org.apache.hc=INFO" })
@ExtendWith(OutputCaptureExtension.class)
class DemoLogHygieneIntegrationTests {

	@RegisterExtension
	static final WeChatSimulatorExtension wechat = new WeChatSimulatorExtension();

	@DynamicPropertySource
	static void wechat(DynamicPropertyRegistry registry) {
		wechat.registerProperties(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	void loginAndPhoneBindingAtDebugLogNoSecretAndNoSessionKey(CapturedOutput output) {
		DemoHttp http = new DemoHttp(this.port);
		DemoHttp.Reply login = http.login(wechat.mintLoginCode("oAlice").code());
		assertThat(login.status()).isEqualTo(200);
		DemoHttp.Reply phone = http.send(HttpMethod.POST, "/wx/phone", login.text("access_token"),
				"{\"code\":\"" + wechat.mintPhoneCode("13800138000") + "\"}");
		assertThat(phone.status()).isEqualTo(200);
		String sessionKey = wechat.simulator().sessionKey("oAlice");
		assertThat(sessionKey).isNotBlank();
		assertThat(output.getAll()).as("DEBUG is on").contains("DEBUG")
			.doesNotContain(WeChatSimulator.APP_SECRET)
			.doesNotContain(sessionKey);
	}

}
