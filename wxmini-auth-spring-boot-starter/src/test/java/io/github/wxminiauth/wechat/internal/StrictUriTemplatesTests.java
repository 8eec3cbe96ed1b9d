package io.github.wxminiauth.wechat.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.DefaultUriBuilderFactory.EncodingMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StrictUriTemplates}: the same URIs as Spring's factory in
 * {@code VALUES_ONLY} mode, which the client used before.
 */
class StrictUriTemplatesTests {

	private static final String BASE = "https://api.weixin.qq.com";

	private static final List<String> HOSTILE_VALUES = List.of("plain-code_0.9~", "a&secret=stolen", "x=y",
			"1+1", "sp ace", "semi;colon", "hash#frag", "q?uery", "per%20cent", "/slash/", "{brace}", "中文码",
			"emoji😀", "quote\"'", "back\\slash", "tab\tnew\nline", "");

	private final StrictUriTemplates templates = new StrictUriTemplates(BASE);

	private final DefaultUriBuilderFactory reference = referenceFactory(BASE);

	@Test
	void expandsEveryHostileValueExactlyAsTheStrictDefaultFactoryDoes() {
		for (String value : HOSTILE_VALUES) {
			Map<String, String> variables = new LinkedHashMap<>();
			variables.put("appid", "wx0123456789abcdef");
			variables.put("secret", "s3cr&t=" + value);
			variables.put("code", value);
			URI expected = this.reference.expand(RestWxApiClient.CODE2SESSION_PATH, variables);
			URI actual = this.templates.expand(RestWxApiClient.CODE2SESSION_PATH, variables);
			assertThat(actual).as("value %s", value).isEqualTo(expected);
			assertThat(actual.toString()).isEqualTo(expected.toString());
		}
	}

	@Test
	void aHostileValueCannotAddOrChangeAQueryParameter() {
		URI uri = this.templates.expand(RestWxApiClient.CODE2SESSION_PATH,
				Map.of("appid", "wxapp", "secret", "secret", "code", "c&appid=evil&grant_type=x#y"));
		assertThat(uri.getRawQuery()).isEqualTo(
				"appid=wxapp&secret=secret&js_code=c%26appid%3Devil%26grant_type%3Dx%23y&grant_type=authorization_code");
		assertThat(uri.getRawFragment()).isNull();
		assertThat(uri.getHost()).isEqualTo("api.weixin.qq.com");
		assertThat(uri.getPath()).isEqualTo("/sns/jscode2session");
	}

	@Test
	void keepsAPathOfTheBaseUrl() {
		StrictUriTemplates proxied = new StrictUriTemplates("http://127.0.0.1:8080/wechat-proxy");
		URI uri = proxied.expand(RestWxApiClient.GET_USER_PHONE_NUMBER_PATH, Map.of("accessToken", "AT/+="));
		assertThat(uri).isEqualTo(referenceFactory("http://127.0.0.1:8080/wechat-proxy")
			.expand(RestWxApiClient.GET_USER_PHONE_NUMBER_PATH, Map.of("accessToken", "AT/+=")));
		assertThat(uri.toString())
			.isEqualTo("http://127.0.0.1:8080/wechat-proxy/wxa/business/getuserphonenumber?access_token=AT%2F%2B%3D");
	}


	@Test
	void aTemplateWithoutVariablesOrLeadingSlash() {
		assertThat(this.templates.expand(RestWxApiClient.STABLE_TOKEN_PATH, Map.of()))
			.isEqualTo(URI.create(BASE + "/cgi-bin/stable_token"));
		assertThat(this.templates.expand("http://other.example/x?a={a}", Map.of("a", "b c")))
			.isEqualTo(URI.create("http://other.example/x?a=b%20c"));
	}

	@Test
	void aMissingVariableIsAnError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.templates.expand(RestWxApiClient.CODE2SESSION_PATH, Map.of("appid", "wx")))
			.withMessageContaining("'secret'");
	}

	@Test
	void aNullValueExpandsToNothingAsInTheDefaultFactory() {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("accessToken", null);
		assertThat(this.templates.expand(RestWxApiClient.GET_USER_PHONE_NUMBER_PATH, variables))
			.isEqualTo(this.reference.expand(RestWxApiClient.GET_USER_PHONE_NUMBER_PATH, variables));
	}


	private static DefaultUriBuilderFactory referenceFactory(String baseUrl) {
		DefaultUriBuilderFactory factory = new DefaultUriBuilderFactory(baseUrl);
		factory.setEncodingMode(EncodingMode.VALUES_ONLY);
		return factory;
	}

}
