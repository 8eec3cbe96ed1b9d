package io.github.wxminiauth.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.wxminiauth.interop.issuer.IssuerApplication;
import io.github.wxminiauth.interop.resourceserver.ResourceServerApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two applications of an interop test, WeChat (WireMock) and a small HTTP client.
 */
final class Interop implements AutoCloseable {

	static final String APP_ID = "wx00000000000000c3";

	private static final String ACCESS_TOKEN = "interop-wechat-access-token";

	/**
	 * Both applications share this test JVM's class path, so the resource server leaves out the
	 * starter's auto-configuration by name; a real resource server does not have it at all.
	 */
	private static final String WITHOUT_WXMINI = "spring.autoconfigure.exclude="
			+ "io.github.wxminiauth.autoconfigure.WxMiniAutoConfiguration,"
			+ "io.github.wxminiauth.autoconfigure.WxMiniSecurityAutoConfiguration,"
			+ "io.github.wxminiauth.autoconfigure.WxMiniRedisAutoConfiguration";

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient client = HttpClient.newHttpClient();

	private final WireMockServer wechat = new WireMockServer(wireMockConfig().dynamicPort());

	private ConfigurableApplicationContext issuer;

	private ConfigurableApplicationContext resourceServer;

	Interop() {
		this.wechat.start();
		this.wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(text("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":7200}")));
	}

	void startIssuer(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "wxmini.app-id=" + APP_ID,
				"wxmini.app-secret=interop-app-secret", "wxmini.api-base-url=" + this.wechat.baseUrl()));
		all.addAll(List.of(properties));
		this.issuer = new SpringApplicationBuilder(IssuerApplication.class).properties(all.toArray(String[]::new))
			.run();
	}

	void startResourceServer(Class<?> decoderConfiguration, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", WITHOUT_WXMINI));
		all.addAll(List.of(properties));
		this.resourceServer = new SpringApplicationBuilder(ResourceServerApplication.class, decoderConfiguration)
			.properties(all.toArray(String[]::new))
			.run();
	}

	String issuerUrl() {
		return "http://127.0.0.1:" + port(this.issuer);
	}

	IssuerApplication.SettableClock issuerClock() {
		return this.issuer.getBean(IssuerApplication.SettableClock.class);
	}

	/**
	 * Logs in on the issuer and returns the access token.
	 */
	String login(String openid) {
		String code = "code-" + openid + "-" + System.nanoTime();
		this.wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code))
			.willReturn(text("{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
		Response login = send(this.issuerUrl() + "/wx/login", null, "{\"code\":\"" + code + "\"}");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json().get("access_token").asString();
	}

	/**
	 * Binds a phone number on the issuer and returns the new access token, which carries
	 * {@code PHONE_VERIFIED}.
	 */
	String bindPhone(String accessToken, String number) {
		String code = "phone-" + number;
		this.wechat.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + number
					+ "\",\"purePhoneNumber\":\"" + number + "\",\"countryCode\":\"86\",\"watermark\":"
					+ "{\"timestamp\":1700000000,\"appid\":\"" + APP_ID + "\"}}}")));
		Response phone = send(this.issuerUrl() + "/wx/phone", accessToken, "{\"code\":\"" + code + "\"}");
		assertThat(phone.status()).as(phone.body()).isEqualTo(200);
		return phone.json().get("access_token").asString();
	}

	Response resourceServer(String path, String accessToken) {
		return send("http://127.0.0.1:" + port(this.resourceServer) + path, accessToken, null);
	}

	Response issuer(String path) {
		return send(issuerUrl() + path, null, null);
	}

	static String tamper(String token, String from, String to) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(payload).contains(from);
		String changed = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8));
		return parts[0] + "." + changed + "." + parts[2];
	}

	@Override
	public void close() {
		if (this.resourceServer != null) {
			this.resourceServer.close();
		}
		if (this.issuer != null) {
			this.issuer.close();
		}
		this.wechat.stop();
	}

	private Response send(String url, String bearer, String jsonBody) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		if (jsonBody != null) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
		}
		try {
			return new Response(this.client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder text(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
	}

	record Response(HttpResponse<String> raw) {

		int status() {
			return this.raw.statusCode();
		}

		String body() {
			return this.raw.body();
		}

		String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		JsonNode json() {
			return json.readTree(this.raw.body());
		}

	}

}
