package io.github.wxminiauth.integration.redis;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.test.LocalRedisCluster;
import io.github.wxminiauth.test.RedisKeys;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on the local Redis Cluster, one master of which crashes: its replica takes over,
 * and what the instances acknowledged before (once replicated, see docs/architecture.md) holds
 * after — a rotation, a logout — while logins, refreshes and logouts go on, and reach the other
 * instance within a second again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WxMiniClusterFailoverIntegrationTests {

	private static final String PREFIX = "wxmini-test:" + UUID.randomUUID() + ":";

	private static final Pattern SLOTS = Pattern.compile("(\\d+)(?:-(\\d+))?");

	private final WeChatStub wechat = new WeChatStub();

	private final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	private Map<String, Object> properties;

	@BeforeAll
	void startInstances() {
		this.wechat.start();
		this.properties = new HashMap<>(Map.of("wxmini.app-id", WeChatStub.APP_ID, "wxmini.app-secret",
				WeChatStub.APP_SECRET, "wxmini.api-base-url", this.wechat.baseUrl(), "wxmini.jwt.secret",
				"cluster-failover-secret-of-32-bytes", "wxmini.redis.key-prefix", PREFIX, "spring.data.redis.timeout",
				"1s"));
		this.properties.putAll(WxMiniClusterMultiInstanceIntegrationTests.clusterProperties());
		this.a = this.instances.start(this.properties);
		this.b = this.instances.start(this.properties);
	}

	@AfterAll
	void stopInstances() {
		try {
			LocalRedisCluster.heal();
			RedisKeys.deleteUnder(TestInstances.redis(this.a), PREFIX);
		}
		finally {
			this.instances.close();
			this.wechat.stop();
		}
	}

	@Test
	void aMasterCrashLosesNothingAcknowledgedAndReplicatedAndTheInstancesCarryOn() {
		TestHttp httpA = TestInstances.http(this.a);
		TestHttp httpB = TestInstances.http(this.b);
		// The master of the revocations, and a user whose sessions it also holds.
		Node master = masterOf(SlotHash.getSlot(PREFIX + "{revocations}"));
		String openid = openidOn(master);

		TestHttp.Response first = login(httpA, openid);
		TestHttp.Response rotated = httpB.postJson("/wx/token/refresh", refreshBody(first.text("refresh_token")));
		assertThat(rotated.status()).isEqualTo(200);
		TestHttp.Response loggedOut = login(httpA, openid);
		assertThat(httpA.postJson("/wx/logout", "", loggedOut.text("access_token")).status()).isEqualTo(204);
		assertThat(Eventually.holds(() -> replicated(master), Duration.ofSeconds(10)))
			.as("the replica of %s has every write", master)
			.isTrue();

		LocalRedisCluster.kill(master.port());
		assertThat(Eventually.holds(() -> LocalRedisCluster.cli(master.replicaPort(), "role").startsWith("master"),
				Duration.ofSeconds(30)))
			.as("the replica on port %s took over", master.replicaPort())
			.isTrue();
		// Meanwhile the user's requests are answered 503 temporarily_unavailable (as in an outage),
		// until each instance's client learns the new topology.
		assertThat(Eventually.holds(() -> login(httpA, openid).status() == 200 && login(httpB, openid).status() == 200,
				Duration.ofSeconds(20)))
			.as("logins on both instances work again once they see the new master")
			.isTrue();

		// The rotation held: the replacement rotates, the spent token is refused as reused.
		TestHttp.Response again = httpA.postJson("/wx/token/refresh", refreshBody(rotated.text("refresh_token")));
		assertThat(again.status()).isEqualTo(200);
		// The logout held, in the user's slot and in the set an instance started now loads.
		TestHttp.Response refused = httpB.postJson("/wx/token/refresh", refreshBody(loggedOut.text("refresh_token")));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.text("error")).isEqualTo("invalid_grant");
		ConfigurableApplicationContext late = this.instances.start(this.properties);
		assertThat(late.getBean(RefreshTokenStore.class).isSessionRevoked(sid(loggedOut.text("access_token"))))
			.isTrue();
		assertThat(TestInstances.http(late).get("/api/me", loggedOut.text("access_token")).status()).isEqualTo(401);

		TestHttp.Response reused = httpB.postJson("/wx/token/refresh", refreshBody(first.text("refresh_token")));
		assertThat(reused.status()).isEqualTo(401);
		RefreshTokenStore storeOfA = this.a.getBean(RefreshTokenStore.class);
		assertThat(Eventually.holds(() -> storeOfA.isSessionRevoked(sid(again.text("access_token"))),
				Duration.ofSeconds(1)))
			.as("the reuse on B revoked the session on A within a second, through the new master")
			.isTrue();
		assertThat(httpA.get("/api/me", again.text("access_token")).status()).isEqualTo(401);
	}

	private TestHttp.Response login(TestHttp http, String openid) {
		String code = "code-" + UUID.randomUUID();
		this.wechat.login(code, openid);
		return http.postJson("/wx/login", "{\"code\":\"" + code + "\"}");
	}

	/**
	 * The first of {@code openid-0}, {@code openid-1}, … whose keys are on the master.
	 */
	private static String openidOn(Node master) {
		for (int i = 0;; i++) {
			String openid = "openid-" + i;
			if (master.serves(SlotHash.getSlot(PREFIX + "{" + WeChatStub.APP_ID + ":" + openid + "}:sessions"))) {
				return openid;
			}
		}
	}

	/**
	 * Whether the master's replica has acknowledged every write the master took.
	 */
	private static boolean replicated(Node master) {
		String info = LocalRedisCluster.cli(master.port(), "info", "replication");
		Matcher offset = Pattern.compile("master_repl_offset:(\\d+)").matcher(info);
		Matcher replica = Pattern.compile("slave0:.*offset=(\\d+)").matcher(info);
		return offset.find() && replica.find() && offset.group(1).equals(replica.group(1));
	}

	private static Node masterOf(int slot) {
		String nodes = LocalRedisCluster.cli(Integer.parseInt(LocalRedisCluster.nodes().get(0).split(":")[1]),
				"cluster", "nodes");
		List<String[]> lines = nodes.lines().map((line) -> line.split(" ")).toList();
		for (String[] master : lines) {
			if (!master[2].contains("master") || master[2].contains("fail")) {
				continue;
			}
			Node node = new Node(port(master[1]), replicaPort(lines, master[0]), List.of(master).subList(8, master.length));
			if (node.serves(slot)) {
				return node;
			}
		}
		throw new IllegalStateException("No master serves slot " + slot + ":\n" + nodes);
	}

	private static int replicaPort(List<String[]> lines, String masterId) {
		for (String[] line : lines) {
			if (line[2].contains("slave") && line[3].equals(masterId)) {
				return port(line[1]);
			}
		}
		throw new IllegalStateException("Master " + masterId + " has no replica");
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
	}

	private static String refreshBody(String refreshToken) {
		return "{\"refresh_token\":\"" + refreshToken + "\"}";
	}

	private static String sid(String accessToken) {
		String payload = accessToken.split("\\.")[1];
		return JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(payload)).get("sid").asString();
	}

	/**
	 * A master of the cluster: its port, its replica's and its slot ranges.
	 */
	private record Node(int port, int replicaPort, List<String> slots) {

		boolean serves(int slot) {
			for (String range : this.slots) {
				Matcher matcher = SLOTS.matcher(range);
				if (matcher.matches()) {
					int from = Integer.parseInt(matcher.group(1));
					int to = (matcher.group(2) != null) ? Integer.parseInt(matcher.group(2)) : from;
					if (slot >= from && slot <= to) {
						return true;
					}
				}
			}
			return false;
		}

	}

}
