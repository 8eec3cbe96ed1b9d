package io.github.wxminiauth.wxjava.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Instances of one application (the starter, the bridge and nothing else), each on a random port,
 * sharing the real Redis under a key prefix of their own and a user store (as a database would be
 * shared).
 */
final class Instances implements AutoCloseable {

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String prefix = "wxmini-wxjava-test:" + UUID.randomUUID() + ":";

	private final InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final WeChat wechat;

	Instances(WeChat wechat) {
		this.wechat = wechat;
	}

	ConfigurableApplicationContext start(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).properties(properties)
			.properties("wxmini.app-id=" + WeChat.APP_ID, "wxmini.app-secret=" + WeChat.APP_SECRET,
					"wxmini.api-base-url=" + this.wechat.baseUrl(),
					"wxmini.jwt.secret=wxjava-bridge-test-secret-of-32-bytes", "wxmini.store=redis",
					"wxmini.redis.key-prefix=" + this.prefix, "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.timeout=2s", "server.port=0", "spring.main.banner-mode=off")
			.initializers((applicationContext) -> applicationContext.getBeanFactory()
				.registerSingleton("sharedUsers", this.users))
			.run();
		this.contexts.add(context);
		return context;
	}

	/**
	 * Logs in over HTTP and binds a phone number with {@code POST /wx/phone}, as the mini program
	 * does.
	 * @return the pure phone number the instance answered
	 */
	String loginAndBindPhone(ConfigurableApplicationContext instance, String code, String phoneCode) {
		JsonNode login = post(instance, "/wx/login", "{\"code\":\"" + code + "\"}", null);
		JsonNode phone = post(instance, "/wx/phone", "{\"code\":\"" + phoneCode + "\"}",
				login.get("access_token").asString());
		return phone.get("pure_phone_number").asString();
	}

	private JsonNode post(ConfigurableApplicationContext instance, String path, String body, String bearer) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port")
					+ path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
			}
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		if (!this.contexts.isEmpty()) {
			StringRedisTemplate redis = new StringRedisTemplate(
					this.contexts.get(0).getBean(RedisConnectionFactory.class));
			Set<String> keys = redis.keys(this.prefix + "*");
			if (keys != null && !keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.contexts.clear();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
