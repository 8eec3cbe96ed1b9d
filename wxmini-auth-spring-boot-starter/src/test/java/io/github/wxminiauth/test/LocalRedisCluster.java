package io.github.wxminiauth.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

	/** Whether the cluster is known to be whole: until a test shuts it down. */
	private static boolean ensured;

	private static boolean checked;

	private LocalRedisCluster() {
	}

	/**
	 * The nodes, once every slot is served and every master has its replica.
	 * @return {@code host:port} of every node
	 */
	public static synchronized List<String> nodes() {
		if (!checked) {
			checked = true;
			if (!run("status")) {
				Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop"), "wxmini-redis-cluster-stop"));
			}
		}
		if (!ensured) {
			heal();
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
	public static synchronized void heal() {
		ensured = run("start");
		if (!ensured) {
			throw new IllegalStateException("The local Redis Cluster did not start: run .ci/redis-cluster.sh start "
					+ "to see why (redis-server must be installed)");
		}
	}

	/**
	 * Shuts every node down, keeping its files: {@link #heal()} brings the same cluster back.
	 */
	public static synchronized void down() {
		ensured = false;
		if (!run("down")) {
			throw new IllegalStateException("The local Redis Cluster did not shut down");
		}
	}

	/**
	 * Kills one node as a crash would.
	 * @param port the node's port
	 */
	public static synchronized void kill(int port) {
		ensured = false;
		if (!run("kill", Integer.toString(port))) {
			throw new IllegalStateException("No node of the local Redis Cluster to kill on port " + port);
		}
	}

	/**
	 * What {@code redis-cli} answers a node.
	 * @param port the node's port
	 * @param command the command and its arguments
	 * @return the answer, or an empty string if the node does not answer
	 */
	public static String cli(int port, String... command) {
		List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) ? out : "";
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private static boolean run(String... command) {
		List<String> line = new ArrayList<>(List.of("bash", script().toString()));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true)
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
