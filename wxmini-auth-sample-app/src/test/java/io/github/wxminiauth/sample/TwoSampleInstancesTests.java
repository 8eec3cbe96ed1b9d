package io.github.wxminiauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's recipe for two instances of the sample, as far as it holds without Redis: the
 * second instance turns its simulator off and points {@code wxmini.api-base-url} at the first
 * one's, so codes minted on either side log in on both, and with the same JWT secret and the
 * users in PostgreSQL a token issued by one instance is accepted by the other. (What the
 * {@code redis} profile adds, a logout or a refresh that holds on every instance, is the
 * starter's to test.)
 */
class TwoSampleInstancesTests {

	private static final String JWT_SECRET = "two-instances-test-secret-0123456789abcdef";

	private static final String OPENID_PREFIX = "oTwoInstances" + UUID.randomUUID() + "-";

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static SampleHttp firstHttp;

	private static SampleHttp secondHttp;

	@BeforeAll
	static void startTwoInstances() {
		// The first instance's simulator is reached through its configured port, so it needs a fixed one
		int firstPort = freePort();
		first = start("--server.port=" + firstPort);
		second = start("--server.port=0", "--sample.simulator.enabled=false",
				"--wxmini.api-base-url=http://127.0.0.1:" + firstPort + "/simulator");
		firstHttp = SampleHttp.of(first);
		secondHttp = SampleHttp.of(second);
	}

	@AfterAll
	static void stopInstancesAndDeleteTheirUsers() {
		if (first != null) {
			new JdbcTemplate(first.getBean(DataSource.class)).update("delete from wx_user where openid like ?",
					OPENID_PREFIX + "%");
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	@Test
	void secondInstanceServesNoSimulatorOfItsOwn() {
		assertThat(secondHttp.send("POST", "/simulator/codes/login", null, "{}").status()).isEqualTo(404);
	}

	@Test
	void tokenIssuedByTheFirstInstanceWorksOnTheSecond() {
		String openid = OPENID_PREFIX + "first";
		String accessToken = login(firstHttp, mintLoginCode(openid)).get("access_token").stringValue();
		JsonNode me = get(secondHttp, "/api/me", accessToken);
		assertThat(me.get("openid").stringValue()).isEqualTo(openid);
	}

	@Test
	void secondInstanceLogsInAndBindsPhonesThroughTheFirstInstancesSimulator() {
		String openid = OPENID_PREFIX + "second";
		String accessToken = login(secondHttp, mintLoginCode(openid)).get("access_token").stringValue();
		String phoneCode = post(firstHttp, "/simulator/codes/phone", null,
				"{\"phone_number\":\"13800138000\",\"openid\":\"" + openid + "\"}")
			.get("code")
			.stringValue();
		JsonNode bound = post(secondHttp, "/wx/phone", accessToken, "{\"code\":\"" + phoneCode + "\"}");
		assertThat(bound.get("pure_phone_number").stringValue()).isEqualTo("13800138000");
		JsonNode me = get(firstHttp, "/api/me", bound.get("access_token").stringValue());
		assertThat(me.get("openid").stringValue()).isEqualTo(openid);
		assertThat(me.get("phone_number").stringValue()).isEqualTo("13800138000");
		assertThat(me.get("authorities").valueStream().map(JsonNode::stringValue)).contains("PHONE_VERIFIED");
	}

	private static String mintLoginCode(String openid) {
		return post(firstHttp, "/simulator/codes/login", null, "{\"openid\":\"" + openid + "\"}").get("code")
			.stringValue();
	}

	private static JsonNode login(SampleHttp http, String code) {
		return post(http, "/wx/login", null, "{\"code\":\"" + code + "\"}");
	}

	private static JsonNode post(SampleHttp http, String path, @Nullable String accessToken, String body) {
		return http.send("POST", path, accessToken, body).ok();
	}

	private static JsonNode get(SampleHttp http, String path, String accessToken) {
		return http.send("GET", path, accessToken, null).ok();
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] common = { "--spring.profiles.active=postgres", "--wxmini.jwt.secret=" + JWT_SECRET,
				"--wxmini.rate-limit.enabled=false", "--spring.jmx.enabled=false" };
		String[] all = new String[common.length + args.length];
		System.arraycopy(common, 0, all, 0, common.length);
		System.arraycopy(args, 0, all, common.length, args.length);
		return new SpringApplicationBuilder(SampleApplication.class).run(all);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
