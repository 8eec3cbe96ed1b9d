package io.github.wxminiauth.sample.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.wxminiauth.sample.SampleApplication;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the sample with the {@code redis} profile, one database (an H2 database both
 * reach in this JVM, as two servers would reach one PostgreSQL) and WireMock as WeChat: a mini
 * program an admin adds, re-keys or removes on the first instance holds on the second within
 * {@code wxmini.app-source.refresh-interval}.
 */
class AppsAdminOnTwoInstancesTests {

	private static final String ADMIN = "oAdminOfTwoInstances0000000";

	private static final String PREFIX = "wxmini-sample-test:" + UUID.randomUUID() + ":";

	private static final Duration WITHIN = Duration.ofSeconds(3);

	private static final WireMockServer wechat = new WireMockServer(wireMockConfig().dynamicPort());

	private static final HttpClient client = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		wechat.start();
		stubWeChat("wx0000000000sample", "FAKE0sample0secret0not0for0prod0");
		String database = "jdbc:h2:mem:sample-two-instances-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
		first = start(database);
		second = start(database);
	}

	@AfterAll
	static void stopInstances() {
		if (first != null) {
			StringRedisTemplate redis = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));
			List<String> keys = new ArrayList<>();
			try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
			first.close();
		}
		if (second != null) {
			second.close();
		}
		wechat.stop();
	}

	private static ConfigurableApplicationContext start(String database) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--spring.profiles.active=redis",
				"--server.port=0", "--sample.simulator.enabled=false", "--sample.admin-openids=" + ADMIN,
				"--wxmini.api-base-url=" + wechat.baseUrl(), "--wxmini.redis.key-prefix=" + PREFIX,
				"--wxmini.jwt.secret=two-instances-apps-secret-0123456789abcdef", "--wxmini.rate-limit.enabled=false",
				"--wxmini.app-source.refresh-interval=300ms", "--spring.datasource.url=" + database,
				"--spring.jmx.enabled=false");
	}

	@Test
	void aMiniProgramAddedReKeyedAndRemovedOnTheFirstInstanceHoldsOnTheSecond() {
		String admin = login(first, "wx0000000000sample", ADMIN).get("access_token").asString();
		String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		stubWeChat(appId, "secret-one");

		assertThat(send(first, "POST", "/api/admin/apps", admin,
				"{\"app_id\":\"" + appId + "\",\"name\":\"game\",\"app_secret\":\"secret-one\","
						+ "\"refresh_token_ttl\":86400}")
			.statusCode()).isEqualTo(201);
		assertThat(eventually(() -> loginReply(second, appId, "oPlayer").statusCode() == 200)).isTrue();
		JsonNode player = login(second, appId, "oPlayer");
		assertThat(player.get("refresh_expires_in").asLong()).isEqualTo(86400);
		String playerToken = player.get("access_token").asString();
		assertThat(send(first, "GET", "/api/me", playerToken, null).statusCode()).isEqualTo(200);

		wechat.resetAll();
		stubWeChat("wx0000000000sample", "FAKE0sample0secret0not0for0prod0");
		stubWeChat(appId, "secret-two");
		assertThat(send(first, "PUT", "/api/admin/apps/" + appId + "/secret", admin, "{\"app_secret\":\"secret-two\"}")
			.statusCode()).isEqualTo(204);
		assertThat(loginReply(first, appId, "oPlayer").statusCode()).as("at once where it was changed").isEqualTo(200);
		assertThat(eventually(() -> "secret-two".equals(second.getBean(WxAppRegistry.class).find(appId).appSecret())))
			.isTrue();
		assertThat(loginReply(second, appId, "oPlayer").statusCode()).isEqualTo(200);

		assertThat(send(first, "DELETE", "/api/admin/apps/" + appId, admin, null).statusCode()).isEqualTo(204);
		assertThat(eventually(() -> send(second, "GET", "/api/me", playerToken, null).statusCode() == 401)).isTrue();
		assertThat(loginReply(second, appId, "oPlayer").statusCode()).isEqualTo(400);
		assertThat(send(second, "POST", "/wx/token/refresh", null,
				"{\"refresh_token\":\"" + player.get("refresh_token").asString() + "\"}")
			.statusCode()).isEqualTo(401);
		assertThat(send(second, "GET", "/api/me", admin, null).statusCode()).isEqualTo(200);
	}

	private static boolean eventually(BooleanSupplier condition) {
		long deadline = System.nanoTime() + WITHIN.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return true;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return condition.getAsBoolean();
	}

	private static void stubWeChat(String appId, String secret) {
		wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/plain")
				.withTransformers("response-template")
				.withBody("{\"openid\":\"{{regexExtract request.query.js_code '^[^.]+'}}\","
						+ "\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
	}

	private static HttpResponse<String> loginReply(ConfigurableApplicationContext instance, String appId,
			String openid) {
		return send(instance, "POST", "/wx/login", null,
				"{\"code\":\"" + openid + "." + UUID.randomUUID() + "\",\"app_id\":\"" + appId + "\"}");
	}

	private static JsonNode login(ConfigurableApplicationContext instance, String appId, String openid) {
		HttpResponse<String> reply = loginReply(instance, appId, openid);
		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(reply.body());
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext instance, String method, String path,
			@Nullable String bearer, @Nullable String json) {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
