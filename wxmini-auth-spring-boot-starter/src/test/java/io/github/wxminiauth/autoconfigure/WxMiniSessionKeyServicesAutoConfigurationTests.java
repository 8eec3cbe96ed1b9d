package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.sessionkey.WxEncryptedDataService;
import io.github.wxminiauth.sessionkey.WxSessionKeyService;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the session-key services of {@link WxMiniAutoConfiguration}.
 */
class WxMiniSessionKeyServicesAutoConfigurationTests {

	// WeChat's published encryptedData example (see WxEncryptedDataServiceTests).
	private static final String DEMO_APP_ID = "wx4f4bc4dec97d474b";

	private static final String DEMO_OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

	private static final String DEMO_SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

	private static final String DEMO_IV = "r7BXXKkLb8qrSNn05n0qiA==";

	private static final String DEMO_ENCRYPTED_DATA = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS"
			+ "9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6Ch"
			+ "evvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
			+ "/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB"
			+ "6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYV"
			+ "oKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=" + DEMO_APP_ID, "wxmini.app-secret=test-app-secret-value",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef");

	@Test
	void bothServicesAreThereByDefaultAndUseTheSessionKeysTheLoginKeeps() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WxEncryptedDataService.class);
			assertThat(context).hasSingleBean(WxSessionKeyService.class);
			context.getBean(SessionKeyStore.class).save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
			WxPrincipal user = new WxPrincipal(DEMO_APP_ID, DEMO_OPENID, null, "session-1");
			assertThat(context.getBean(WxEncryptedDataService.class)
				.decrypt(user, DEMO_ENCRYPTED_DATA, DEMO_IV)
				.path("nickName")
				.asString()).isEqualTo("Band");
		});
	}

	@Test
	void applicationServicesReplaceTheDefaults() {
		this.runner.withUserConfiguration(OwnServices.class).run((context) -> {
			assertThat(context).getBean(WxEncryptedDataService.class)
				.isSameAs(context.getBean("myEncryptedDataService"));
			assertThat(context).getBean(WxSessionKeyService.class).isSameAs(context.getBean("mySessionKeyService"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnServices {

		@Bean
		WxEncryptedDataService myEncryptedDataService(SessionKeyStore sessionKeys) {
			return new WxEncryptedDataService(sessionKeys, JsonMapper.builder().build());
		}

		@Bean
		WxSessionKeyService mySessionKeyService(WxAppRegistry apps, WxApiClient client,
				AccessTokenProvider accessTokens, SessionKeyStore sessionKeys) {
			return new WxSessionKeyService(apps, client, accessTokens, sessionKeys);
		}

	}

}
