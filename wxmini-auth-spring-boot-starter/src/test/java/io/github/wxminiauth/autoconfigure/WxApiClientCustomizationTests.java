package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WeChat client takes the application's {@link RestClientCustomizer}s (interceptors, default
 * headers, Boot's observation), applied to a builder of its own rather than to Boot's
 * {@code RestClient.Builder} bean, which would build a second HTTP client.
 */
class WxApiClientCustomizationTests {

	@RegisterExtension
	static final WeChatStub wechat = new WeChatStub();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RestClientAutoConfiguration.class,
				WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.api-base-url=" + wechat.baseUrl(), "wxmini.http.allow-insecure-api-base-url=true",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef");

	@Test
	void everyApplicationCustomizerShapesTheWeChatClient() {
		wechat.reset();
		wechat.login("code-1", "openid-1");
		this.runner
			.withBean("header", RestClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader("X-Customized", "header"))
			.withBean("interceptor", RestClientCustomizer.class,
					() -> (builder) -> builder.requestInterceptor((request, body, execution) -> {
						request.getHeaders().add("X-Intercepted", "yes");
						return execution.execute(request, body);
					}))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WxSession session = context.getBean(WxApiClient.class)
					.code2Session(context.getBean(WxAppRegistry.class).resolve(null), "code-1");
				assertThat(session.openid()).isEqualTo("openid-1");
				wechat.server.verify(getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
					.withHeader("X-Customized", equalTo("header"))
					.withHeader("X-Intercepted", equalTo("yes")));
			});
	}

}
