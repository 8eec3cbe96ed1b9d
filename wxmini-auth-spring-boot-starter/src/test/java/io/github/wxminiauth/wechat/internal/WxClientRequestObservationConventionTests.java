package io.github.wxminiauth.wechat.internal;

import java.net.URI;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WxClientRequestObservationConvention}: what the client's observations (metrics
 * and traces) say about a WeChat call.
 */
class WxClientRequestObservationConventionTests {

	private static final String SECRET = "app-secret-never-in-a-tag";

	private final WxClientRequestObservationConvention convention = new WxClientRequestObservationConvention();

	@Test
	void theUriTagNamesTheApiByItsPathAndTheUrlLosesItsQuery() {
		URI uri = new StrictUriTemplates("https://api.weixin.qq.com").expand(RestWxApiClient.CODE2SESSION_PATH,
				Map.of("appid", "wx0123456789abcdef", "secret", SECRET, "code", "the-code"));
		ClientRequestObservationContext context = new ClientRequestObservationContext(
				new MockClientHttpRequest(HttpMethod.GET, uri));

		KeyValues low = this.convention.getLowCardinalityKeyValues(context);
		KeyValues high = this.convention.getHighCardinalityKeyValues(context);

		assertThat(low.stream().filter((kv) -> kv.getKey().equals("uri")).map(KeyValue::getValue))
			.containsExactly("/sns/jscode2session");
		assertThat(high.stream().filter((kv) -> kv.getKey().equals("http.url")).map(KeyValue::getValue))
			.containsExactly("https://api.weixin.qq.com/sns/jscode2session");
		assertThat(low.and(high).stream().map(KeyValue::getValue)).noneMatch((value) -> value.contains(SECRET)
				|| value.contains("the-code"));
	}

	@Test
	void aTemplateGivenByACallerLosesItsQueryToo() {
		ClientRequestObservationContext context = new ClientRequestObservationContext(
				new MockClientHttpRequest(HttpMethod.GET, URI.create("https://api.weixin.qq.com/a?secret=" + SECRET)));
		context.setUriTemplate("https://api.weixin.qq.com/a?secret={secret}");

		assertThat(this.convention.getLowCardinalityKeyValues(context)
			.stream()
			.filter((kv) -> kv.getKey().equals("uri"))
			.map(KeyValue::getValue)).containsExactly("/a");
	}

}
