package io.github.wxminiauth.sample.apps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.wxminiauth.sample.SampleApplication;
import io.github.wxminiauth.sample.SampleHttp;
import io.github.wxminiauth.sample.SampleHttp.Reply;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

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

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		wechat.start();
		WeChatOfAddedApps.knows(wechat, "wx0000000000sample", "FAKE0sample0secret0not0for0prod0");
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
		SampleHttp httpA = SampleHttp.of(first);
		SampleHttp httpB = SampleHttp.of(second);
		String admin = loginReply(httpA, "wx0000000000sample", ADMIN).ok().get("access_token").asString();
		String appId = WeChatOfAddedApps.newAppId();
		WeChatOfAddedApps.knows(wechat, appId, "secret-one");

		assertThat(httpA.send("POST", "/api/admin/apps", admin,
				"{\"app_id\":\"" + appId + "\",\"name\":\"game\",\"app_secret\":\"secret-one\","
						+ "\"refresh_token_ttl\":86400}")
			.status()).isEqualTo(201);
		assertThat(eventually(() -> loginReply(httpB, appId, "oPlayer").status() == 200)).isTrue();
		JsonNode player = loginReply(httpB, appId, "oPlayer").ok();
		assertThat(player.get("refresh_expires_in").asLong()).isEqualTo(86400);
		String playerToken = player.get("access_token").asString();
		assertThat(httpA.send("GET", "/api/me", playerToken, null).status()).isEqualTo(200);

		wechat.resetAll();
		WeChatOfAddedApps.knows(wechat, "wx0000000000sample", "FAKE0sample0secret0not0for0prod0");
		WeChatOfAddedApps.knows(wechat, appId, "secret-two");
		assertThat(httpA.send("PUT", "/api/admin/apps/" + appId + "/secret", admin, "{\"app_secret\":\"secret-two\"}")
			.status()).isEqualTo(204);
		assertThat(loginReply(httpA, appId, "oPlayer").status()).as("at once where it was changed").isEqualTo(200);
		assertThat(eventually(() -> "secret-two".equals(second.getBean(WxAppRegistry.class).find(appId).appSecret())))
			.isTrue();
		assertThat(loginReply(httpB, appId, "oPlayer").status()).isEqualTo(200);

		assertThat(httpA.send("DELETE", "/api/admin/apps/" + appId, admin, null).status()).isEqualTo(204);
		assertThat(eventually(() -> httpB.send("GET", "/api/me", playerToken, null).status() == 401)).isTrue();
		assertThat(loginReply(httpB, appId, "oPlayer").status()).isEqualTo(400);
		assertThat(httpB.send("POST", "/wx/token/refresh", null,
				"{\"refresh_token\":\"" + player.get("refresh_token").asString() + "\"}")
			.status()).isEqualTo(401);
		assertThat(httpB.send("GET", "/api/me", admin, null).status()).isEqualTo(200);
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

	private static Reply loginReply(SampleHttp instance, String appId, String openid) {
		return instance.send("POST", "/wx/login", null, WeChatOfAddedApps.login(appId, openid));
	}

}
