package io.github.wxminiauth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata generated for {@link WxMiniProperties} describes every property and carries the
 * contract's defaults.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsDescribedAndTheContractDefaultsAreRecorded() throws IOException {
		Map<String, JsonNode> properties = new HashMap<>();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			for (JsonNode property : new JsonMapper().readTree(in).get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
		assertThat(properties).containsKeys("wxmini.app-id", "wxmini.app-secret", "wxmini.apps",
				"wxmini.api-base-url", "wxmini.jwt.secret", "wxmini.jwt.access-token-ttl",
				"wxmini.jwt.refresh-token-ttl", "wxmini.jwt.issuer");
		properties.forEach((name, property) -> assertThat(property.path("description").asString(""))
			.as("description of %s", name)
			.isNotBlank());
		// Every property documents its default, except those that have none by nature (credentials,
		// optional names, collections that are empty unless configured, sizes that follow the server).
		assertThat(properties.entrySet().stream()
			.filter((entry) -> !entry.getValue().has("defaultValue"))
			.map(Map.Entry::getKey))
			.containsExactlyInAnyOrder("wxmini.app-id", "wxmini.app-secret", "wxmini.apps", "wxmini.http.ssl-bundle",
					"wxmini.http.max-connections", "wxmini.jwt.keys", "wxmini.jwt.secret",
					"wxmini.jwt.max-access-token-ttl", "wxmini.security.public-paths", "wxmini.session.max-per-user");
		assertThat(properties.get("wxmini.api-base-url").get("defaultValue").asString())
			.isEqualTo("https://api.weixin.qq.com");
		assertThat(properties.get("wxmini.jwt.access-token-ttl").get("defaultValue").asString()).isEqualTo("2h");
		assertThat(properties.get("wxmini.jwt.refresh-token-ttl").get("defaultValue").asString()).isEqualTo("30d");
		assertThat(properties.get("wxmini.jwt.issuer").get("defaultValue").asString()).isEqualTo("wxmini-auth");
		assertThat(properties.get("wxmini.endpoints.sessions").get("defaultValue").asString()).isEqualTo("/wx/sessions");
		assertThat(properties.get("wxmini.endpoints.body-timeout").get("defaultValue").asString()).isEqualTo("5s");
		assertThat(properties.get("wxmini.app-source.refresh-interval").get("defaultValue").asString())
			.isEqualTo("5s");
	}

}
