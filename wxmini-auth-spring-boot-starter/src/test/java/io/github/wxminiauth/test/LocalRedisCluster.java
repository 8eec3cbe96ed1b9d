package io.github.wxminiauth.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local Redis Cluster of the tests (three masters with a replica each), run by
 * {@code .ci/redis-cluster.sh}: {@link #nodes()} starts it when it is not up, so {@code mvn verify}
 * needs nothing but {@code redis-server} installed, and stops it when the tests end if it started
 * it. CI starts it before the build, and it is left running then.
 */
public final class LocalRedisCluster {

	private static final int FIRST_PORT = Integer
		.parseInt(System.getenv().getOrDefault("WXMINI_REDIS_CLUSTER_PORT", "7101"));

	private static boolean ensured;

	private LocalRedisCluster() {
	}

	/**
	 * The nodes, once every slot is served and every master has its replica.
	 * @return {@code host:port} of every node
	 */
	public static synchronized List<String> nodes() {
		if (!ensured) {
			boolean wasUp = run("status");
			heal();
			if (!wasUp) {
				Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop"), "wxmini-redis-cluster-stop"));
			}
			ensured = true;
		}
		List<String> nodes = new ArrayList<>();
		for (int port = FIRST_PORT; port < FIRST_PORT + 6; port++) {
			nodes.add("127.0.0.1:" + port);
		}
		return nodes;
	}

	/**
	 * Starts every node that is down (a node that was failed over comes back as a replica) and
	 * waits until the cluster is whole again.
	 */
	public static void heal() {
		if (!run("start")) {
			throw new IllegalStateException("The local Redis Cluster did not start: run .ci/redis-cluster.sh start "
					+ "to see why (redis-server must be installed)");
		}
	}

	private static boolean run(String command) {
		try {
			Process process = new ProcessBuilder("bash", script().toString(), command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.INHERIT)
				.start();
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Path script() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path script = dir.resolve(".ci/redis-cluster.sh");
			if (Files.isRegularFile(script)) {
				return script;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException(".ci/redis-cluster.sh not found above " + Path.of("").toAbsolutePath());
	}

}
