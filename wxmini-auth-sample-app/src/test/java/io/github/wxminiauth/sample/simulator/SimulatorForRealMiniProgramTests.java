package io.github.wxminiauth.sample.simulator;

import io.github.wxminiauth.sample.SampleApplication;
import io.github.wxminiauth.sample.SampleHttp;
import io.github.wxminiauth.sample.SampleHttp.Reply;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample started for a real mini program: its simulator, which mints a login code for any
 * openid, must not let anyone log in as anyone.
 */
class SimulatorForRealMiniProgramTests {

	private static final String REAL_APP_ID = "wx1234567890abcdef";

	private static final String[] REAL_APP = { "--wxmini.app-id=" + REAL_APP_ID,
			"--wxmini.app-secret=0123456789abcdef0123456789abcdef", "--server.port=0", "--spring.jmx.enabled=false",
			"--spring.datasource.url=jdbc:h2:mem:sample-real-app;DB_CLOSE_DELAY=-1", "--sample.admin-openids=oAdmin" };

	@Test
	void withAnotherAppIdTheSimulatorIsOffAndMintsNoCode() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run(REAL_APP)) {
			assertThat(context.getBeansOfType(WeChatSimulator.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("wxmini.api-base-url"))
				.as("the starter talks to WeChat").isNull();
			Reply mint = SampleHttp.of(context).send("POST", "/simulator/codes/login", null, "{\"openid\":\"oAdmin\"}");
			assertThat(mint.status()).isEqualTo(404);
			assertThat(mint.body()).doesNotContain("\"code\"");
		}
	}

	@Test
	void enablingTheSimulatorWithAnotherAppIdFailsStartUpWithAClearMessage() {
		String[] args = new String[REAL_APP.length + 1];
		System.arraycopy(REAL_APP, 0, args, 0, REAL_APP.length);
		args[REAL_APP.length] = "--sample.simulator.enabled=true";
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class).run(args).close())
			.withMessageContaining("sample.simulator.enabled=true")
			.withMessageContaining(REAL_APP_ID)
			.withMessageContaining("never stands in for a real mini program");
	}

}
