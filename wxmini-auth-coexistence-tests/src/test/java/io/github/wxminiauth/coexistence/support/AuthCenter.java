package io.github.wxminiauth.coexistence.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The group's central authorization server, as a host that takes its opaque tokens sees it: an
 * RFC 7662 introspection endpoint on WireMock, one for the whole test run. Tokens it did not
 * issue are inactive.
 */
public final class AuthCenter {

	public static final String CLIENT_ID = "partner-api";

	public static final String CLIENT_SECRET = "partner-api-secret";

	private static final String INTROSPECTION_PATH = "/oauth2/introspect";

	private static final WireMockServer server = start();

	private AuthCenter() {
	}

	/**
	 * Points Spring Boot's opaque-token introspection at this server.
	 * @param registry the test's dynamic properties
	 */
	public static void configure(DynamicPropertyRegistry registry) {
		String prefix = "spring.security.oauth2.resourceserver.opaquetoken.";
		registry.add(prefix + "introspection-uri", () -> "http://127.0.0.1:" + server.port() + INTROSPECTION_PATH);
		registry.add(prefix + "client-id", () -> CLIENT_ID);
		registry.add(prefix + "client-secret", () -> CLIENT_SECRET);
	}

	/**
	 * Issues an active token.
	 * @param subject whom it is for
	 * @param scope its space-separated scopes
	 * @return the opaque token
	 */
	public static String issue(String subject, String scope) {
		String token = "ac-" + UUID.randomUUID();
		long now = System.currentTimeMillis() / 1000;
		server.stubFor(post(urlPathEqualTo(INTROSPECTION_PATH)).withRequestBody(containing("token=" + encode(token)))
			.willReturn(okJson("{\"active\":true,\"sub\":\"" + subject + "\",\"scope\":\"" + scope
					+ "\",\"client_id\":\"partner-portal\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")));
		return token;
	}

	/**
	 * How many times the token was sent for introspection.
	 * @param token a token
	 * @return the number of introspection requests that carried it
	 */
	public static int introspectionsOf(String token) {
		return server
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(INTROSPECTION_PATH))
				.withRequestBody(containing("token=" + encode(token)))
				.build())
			.getCount();
	}

	private static WireMockServer start() {
		WireMockServer authCenter = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
		authCenter.start();
		authCenter.stubFor(post(urlPathEqualTo(INTROSPECTION_PATH)).atPriority(10)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"active\":false}")));
		return authCenter;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
