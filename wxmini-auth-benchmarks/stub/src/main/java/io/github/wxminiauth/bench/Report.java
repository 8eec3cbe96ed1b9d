package io.github.wxminiauth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns the harness's raw figures ({@code scenario \t app \t metric \t value}, one line per
 * repetition) into the markdown results table: the median of the repetitions, with their range.
 * <p>
 * Arguments: {@code raw.tsv mode elapsedSeconds java jvmFlags}.
 */
public final class Report {

	private static final String[] APPS = { "floor", "ours", "baseline", "baseline-200", "floor-jdk-client",
			"floor-512t", "ours-512t", "ours-no-method-security", "ours-vt", "ours-pt", "baseline-200-pt", "floor-vt", "floor-pt", "ours-vt-plain",
			"ours-memory", "ours-redis" };

	private final Map<String, List<Double>> values = new LinkedHashMap<>();

	private final StringBuilder out = new StringBuilder();

	private Report(List<String> lines) {
		for (String line : lines) {
			String[] fields = line.split("\t");
			if (fields.length == 4 && !fields[3].isEmpty()) {
				this.values.computeIfAbsent(key(fields[0], fields[1], fields[2]), (k) -> new ArrayList<>())
					.add(Double.parseDouble(fields[3]));
			}
		}
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Report report = new Report(Files.readAllLines(Path.of(args[0])));
		System.out.print(report.render(args[1], args[2], args[3], args[4]));
	}

	private String render(String mode, String elapsed, String java, String jvmFlags)
			throws IOException, InterruptedException {
		line("# wxmini-auth benchmark results");
		line("");
		line("- run: `wxmini-auth-benchmarks/run.sh" + ("quick".equals(mode) ? " --quick" : "") + "`, "
				+ ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", " + elapsed + " s");
		line("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + cpuModel() + ", "
				+ memTotal());
		line("- JVM: " + javaVersion(java) + "; flags for every app: `" + jvmFlags + "`");
		line("- load: wrk (2 threads); the stub WeChat server in its own JVM");
		line("- each figure: median of " + reps() + " measured run(s) after a warm-up, the range in brackets");
		if ("quick".equals(mode)) {
			line("- **quick mode**: one short run per figure, no S6 — a smoke test, not a measurement");
		}
		line("");
		loadTable("S1 — login, upstream 0 ms, 32 connections", "S1");
		warmUpPasses("S1");
		loadTable("S2 — login, upstream 50 ms, 256 connections", "S2");
		line("`baseline` is WxJava in its default configuration (10 pooled connections per host), `baseline-200` the");
		line("same application with WxJava's pool raised to 200 connections, Tomcat's thread count: the targets are");
		line("judged against the tuned one.");
		line("");
		line("### S3 — `GET /hello` (permitAll) vs `GET /api/hello` (authenticated), 32 connections");
		line("");
		header("app", "path", "req/s", "p50 ms", "p99 ms", "app CPU s / 1k req", "errors");
		for (String app : APPS) {
			for (String scenario : new String[] { "S3-public", "S3-padded", "S3-authenticated" }) {
				if (has(scenario, app, "thr")) {
					row(app, s3Path(scenario), fig(scenario, app, "thr", 0),
							fig(scenario, app, "p50_ms", 2), fig(scenario, app, "p99_ms", 2),
							fig(scenario, app, "cpu_1k", 3), fig(scenario, app, "errors", 0));
				}
			}
		}
		line("");
		line("`/hello + unread token`: the permitAll path carrying the same token bytes in an `X-Padding` header that");
		line("nothing reads — the cost of receiving a token, apart from the cost of checking it.");
		line("");
		if (has("S3-ratio", "ours", "ratio")) {
			header("app", "CPU ratio /api/hello ÷ /hello, per round", "CPU ratio /hello + unread token ÷ /hello");
			for (String app : APPS) {
				if (has("S3-ratio", app, "ratio")) {
					row(app, fig("S3-ratio", app, "ratio", 3), fig("S3-ratio-padded", app, "ratio", 3));
				}
			}
			line("");
		}
		line("### S4 — 500 concurrent phone bindings at a cold start (upstream 50 ms)");
		line("");
		header("app", "stable_token calls", "plain /cgi-bin/token calls", "phone bindings answered 200",
				"burst ms", "code2Session calls carrying an access token");
		for (String app : APPS) {
			if (has("S4", app, "stable_token")) {
				row(app, fig("S4", app, "stable_token", 0), fig("S4", app, "plain_token", 0),
						fig("S4", app, "phone_ok", 0), fig("S4", app, "burst_ms", 0),
						fig("S4", app, "code2session_with_token", 0));
			}
		}
		line("");
		line("Calls are counted from the app's launch; its first login comes before the burst.");
		line("");
		line("### S5 — start-up");
		line("");
		header("app", "launch to first successful login, ms", "idle RSS after it, MB");
		for (String app : APPS) {
			if (has("S5", app, "first_login_ms")) {
				row(app, fig("S5", app, "first_login_ms", 0), fig("S5", app, "idle_rss_mb", 0));
			}
		}
		line("");
		if (has("S6-S2", "ours-vt", "thr")) {
			loadTable("S6 — JDK 25: login, upstream 0 ms, 32 connections (S1's load)", "S6-S1");
			warmUpPasses("S6-S1");
			loadTable("S6 — JDK 25: login, upstream 50 ms, 1,024 connections (S2's latency)", "S6-S2");
			line("`-vt`: `spring.threads.virtual.enabled=true` and `server.tomcat.processor-cache=8192` (the README's settings");
			line("for virtual threads; ours with its default pool to WeChat, which follows the concurrency); `ours-vt-plain`:");
			line("virtual threads and nothing else; `-pt`: platform threads (Tomcat's 200). All apps on the same JDK 25,");
			line("interleaved, with `-Xms1g -Xmx1g` in place of 512 MB.");
			line("");
			threadTable("App CPU s / 1k req by kind of thread (`/proc/<pid>/task`; request threads: Tomcat's, or the carriers "
					+ "of virtual threads, with Tomcat's poller):", "S6-S1", "S6-S2");
			header("app", "jdk.VirtualThreadPinned events (JFR, threshold 0)", "of them with a frame of the starter");
			for (String app : APPS) {
				if (has("S6", app, "pinned_events")) {
					row(app, fig("S6", app, "pinned_events", 0), fig("S6", app, "pinned_starter", 0));
				}
			}
			line("");
		}
		if (has("S7-login", "ours-redis", "thr")) {
			s7();
		}
		targets();
		return this.out.toString();
	}

	private void warmUpPasses(String scenario) {
		String key = scenario + "-warm-up";
		List<String> passes = new ArrayList<>();
		for (String app : APPS) {
			if (has(key, app, "passes")) {
				passes.add(app + " " + fig(key, app, "passes", 0));
			}
		}
		if (!passes.isEmpty()) {
			line("Warm-up passes before the measured rounds (until CPU per login was stable, at most a set number): "
					+ String.join(", ", passes) + ".");
			line("");
		}
	}

	private void s7() {
		line("### S7 — Redis mode (`wxmini.store=redis`) against memory mode, 32 connections, upstream 0 ms");
		line("");
		line("The same application (ours with spring-boot-starter-data-redis) with `wxmini.store=memory` and");
		line("`wxmini.store=redis`, on a private redis-server started by the harness; interleaved.");
		line("");
		header("scenario", "app", "req/s", "p50 ms", "p99 ms", "app CPU s / 1k req", "errors");
		for (String scenario : new String[] { "S7-login", "S7-refresh", "S7-bearer" }) {
			for (String app : APPS) {
				if (has(scenario, app, "thr")) {
					row(s7Name(scenario), app, fig(scenario, app, "thr", 0), fig(scenario, app, "p50_ms", 2),
							fig(scenario, app, "p99_ms", 2), fig(scenario, app, "cpu_1k", 3),
							fig(scenario, app, "errors", 0));
				}
			}
		}
		line("");
		threadTable("App CPU s / 1k req by kind of thread (as in S6):", "S7-login", "S7-refresh");
		if (has("S7-refresh", "ours-redis", "refresh_share")) {
			line(String.format(Locale.ROOT, "Refreshes were %.1f %% of the refresh runs' requests (the rest: the logins that",
					100 * Math.min(median("S7-refresh", "ours-redis", "refresh_share"),
							median("S7-refresh", "ours-memory", "refresh_share"))));
			line("gave each connection its first refresh token).");
			line("");
		}
		for (String kind : new String[] { "login", "refresh" }) {
			String prefix = "S7-commands-" + kind + "\tours-redis\t";
			List<String> commands = new ArrayList<>();
			for (Map.Entry<String, List<Double>> entry : this.values.entrySet()) {
				if (entry.getKey().startsWith(prefix) && !entry.getKey().endsWith("\tinfo")) {
					commands.add(String.format(Locale.ROOT, "%s %.2f", entry.getKey().substring(prefix.length()),
							entry.getValue().get(0)));
				}
			}
			if (!commands.isEmpty()) {
				line("Redis commands per " + kind + " (INFO commandstats over one more run): " + String.join(", ", commands)
						+ ".");
				line("");
			}
		}
		header("bearer path, ours-redis", "Redis commands during the run", "in an idle window as long",
				"commands per 1k requests beyond the idle window's");
		row("/api/hello", fig("S7-bearer", "ours-redis", "redis_calls_load", 0),
				fig("S7-bearer", "ours-redis", "redis_calls_idle", 0),
				fig("S7-bearer", "ours-redis", "redis_calls_per_1k_requests", 3));
		line("");
		if (has("S7-revocation", "ours-redis", "samples")) {
			line("Two instances on one Redis: logouts on the first, the time from the logout's 204 until the second");
			line("instance answers the same access token with 401 (polled every 5 ms):");
			line("");
			header("logouts", "failures", "p50 ms", "p99 ms", "max ms");
			row(fig("S7-revocation", "ours-redis", "samples", 0), fig("S7-revocation", "ours-redis", "failures", 0),
					fig("S7-revocation", "ours-redis", "p50_ms", 1), fig("S7-revocation", "ours-redis", "p99_ms", 1),
					fig("S7-revocation", "ours-redis", "max_ms", 1));
			line("");
		}
		line("Memory per live session: a second login of users already logged in once (one more session each,");
		line("nothing else); the growth of the heap after a full GC and of Redis's `used_memory`, per session:");
		line("");
		header("store", "heap bytes / session", "Redis bytes / session", "Redis keys / session");
		for (String app : new String[] { "ours-memory", "ours-redis" }) {
			if (has("S7-memory", app, "heap_bytes_per_session")) {
				row(app, fig("S7-memory", app, "heap_bytes_per_session", 0),
						fig("S7-memory", app, "redis_bytes_per_session", 0),
						fig("S7-memory", app, "redis_keys_per_session", 2));
			}
		}
		line("");
	}

	/**
	 * CPU per 1,000 requests by kind of thread (and the kernel's share of the app's CPU), for the
	 * scenarios whose runs record them.
	 */
	private void threadTable(String title, String... scenarios) {
		String[] kinds = { "requests", "gc", "jit", "lettuce", "other" };
		List<String[]> rows = new ArrayList<>();
		for (String scenario : scenarios) {
			for (String app : APPS) {
				if (has(scenario, app, "cpu_1k_requests")) {
					String[] row = new String[kinds.length + 4];
					row[0] = scenario;
					row[1] = app;
					for (int i = 0; i < kinds.length; i++) {
						row[i + 2] = has(scenario, app, "cpu_1k_" + kinds[i]) ? fig(scenario, app, "cpu_1k_" + kinds[i], 3)
								: "–";
					}
					row[kinds.length + 2] = fig(scenario, app, "sys_share", 2);
					row[kinds.length + 3] = fig(scenario, app, "machine_busy", 2);
					rows.add(row);
				}
			}
		}
		if (rows.isEmpty()) {
			return;
		}
		line(title);
		line("");
		header("scenario", "app", "request threads", "GC (VM thread)", "JIT", "Lettuce I/O", "other",
				"kernel share of the app's CPU", "machine busy (both cores)");
		for (String[] row : rows) {
			row(row);
		}
		line("");
	}

	private static String s7Name(String scenario) {
		return switch (scenario) {
			case "S7-login" -> "login";
			case "S7-refresh" -> "refresh";
			default -> "bearer `/api/hello`";
		};
	}

	private void loadTable(String title, String scenario) {
		line("### " + title);
		line("");
		header("app", "req/s", "p50 ms", "p99 ms", "app CPU s / 1k req", "stub CPU s / 1k req",
				"RSS after warm-up, MB", "errors");
		for (String app : APPS) {
			if (has(scenario, app, "thr")) {
				row(app, fig(scenario, app, "thr", 0), fig(scenario, app, "p50_ms", 2), fig(scenario, app, "p99_ms", 2),
						fig(scenario, app, "cpu_1k", 3), fig(scenario, app, "stub_cpu_1k", 3),
						fig(scenario, app, "rss_mb", 0), fig(scenario, app, "errors", 0));
			}
		}
		line("");
	}

	private void targets() {
		line("### Targets (issues #5, #12, #14)");
		line("");
		header("scenario", "target", "figure", "met?");
		double s1Ours = median("S1", "ours", "cpu_1k");
		double s1Floor = median("S1", "floor", "cpu_1k");
		double s1Baseline = median("S1", "baseline", "cpu_1k");
		target("S1", "CPU per login ≤ 1.5 × floor", ratio(s1Ours, s1Floor) + " × floor", (r) -> r <= 1.5,
				s1Ours / s1Floor);
		double s1Tuned = median("S1", "baseline-200", "cpu_1k");
		if (has("S1", "baseline-200", "cpu_1k")) {
			target("S1", "CPU per login ≤ 0.7 × baseline (tuned: pool 200)",
					ratio(s1Ours, s1Tuned) + " × baseline-200 (" + ratio(s1Ours, s1Baseline) + " × default baseline)",
					(r) -> r <= 0.7, s1Ours / s1Tuned);
		}
		else {
			target("S1", "CPU per login ≤ 0.7 × baseline", ratio(s1Ours, s1Baseline) + " × baseline", (r) -> r <= 0.7,
					s1Ours / s1Baseline);
		}
		double s2Overhead = median("S2", "ours", "p99_ms") - 50;
		target("S2", "p99 − 50 ms ≤ 5 ms",
				String.format(Locale.ROOT, "%.1f ms (floor %.1f ms, baseline %.1f ms)", s2Overhead,
						median("S2", "floor", "p99_ms") - 50, median("S2", "baseline", "p99_ms") - 50),
				(r) -> r <= 5, s2Overhead);
		if (has("S2", "ours-512t", "p99_ms")) {
			double overhead512 = median("S2", "ours-512t", "p99_ms") - 50;
			target("S2", "p99 − 50 ms ≤ 5 ms, with 512 Tomcat threads (every app alike)",
					String.format(Locale.ROOT, "%.1f ms (floor %.1f ms)", overhead512,
							median("S2", "floor-512t", "p99_ms") - 50),
					(r) -> r <= 5, overhead512);
		}
		double s2Thr = median("S2", "ours", "thr");
		double s2BaselineThr = median("S2", "baseline", "thr");
		if (has("S2", "baseline-200", "thr")) {
			double s2TunedThr = median("S2", "baseline-200", "thr");
			target("S2", "throughput ≥ baseline (tuned: pool 200)",
					String.format(Locale.ROOT, "%.0f vs %.0f req/s (default baseline %.0f, floor %.0f)", s2Thr,
							s2TunedThr, s2BaselineThr, median("S2", "floor", "thr")),
					(r) -> r >= 1, s2Thr / s2TunedThr);
		}
		else {
			target("S2", "throughput ≥ baseline",
					String.format(Locale.ROOT, "%.0f vs %.0f req/s (floor %.0f)", s2Thr, s2BaselineThr,
							median("S2", "floor", "thr")),
					(r) -> r >= 1, s2Thr / s2BaselineThr);
		}
		double s3 = s3Ratio("ours");
		target("S3", "CPU authenticated / permitAll ≤ 1.10",
				String.format(Locale.ROOT, "%.2f (baseline %.2f)", s3, s3Ratio("baseline")), (r) -> r <= 1.10, s3);
		double s4 = median("S4", "ours", "stable_token");
		target("S4", "exactly 1 stable_token call",
				String.format(Locale.ROOT, "%.0f (baseline: %.0f stable_token + %.0f plain token)", s4,
						median("S4", "baseline", "stable_token"), median("S4", "baseline", "plain_token")),
				(r) -> r == 1, s4);
		double s5Time = median("S5", "ours", "first_login_ms");
		double s5TimeBaseline = median("S5", "baseline", "first_login_ms");
		target("S5", "time to first login ≤ baseline",
				String.format(Locale.ROOT, "%.0f vs %.0f ms (floor %.0f)", s5Time, s5TimeBaseline,
						median("S5", "floor", "first_login_ms")),
				(r) -> r <= 1, s5Time / s5TimeBaseline);
		double s5Rss = median("S5", "ours", "idle_rss_mb");
		double s5RssBaseline = median("S5", "baseline", "idle_rss_mb");
		target("S5", "idle RSS ≤ baseline",
				String.format(Locale.ROOT, "%.0f vs %.0f MB (floor %.0f)", s5Rss, s5RssBaseline,
						median("S5", "floor", "idle_rss_mb")),
				(r) -> r <= 1, s5Rss / s5RssBaseline);
		if (has("S6-S2", "ours-vt", "thr")) {
			double vtThr = median("S6-S2", "ours-vt", "thr");
			double ptThr = median("S6-S2", "baseline-200-pt", "thr");
			target("S6", "1,024 connections, virtual threads: throughput ≥ 1.5 × tuned baseline on platform threads",
					String.format(Locale.ROOT, "%.2f × (%.0f vs %.0f req/s; ours on platform threads %.0f)",
							vtThr / ptThr, vtThr, ptThr, median("S6-S2", "ours-pt", "thr")),
					(r) -> r >= 1.5, vtThr / ptThr);
			double vtP99 = median("S6-S2", "ours-vt", "p99_ms");
			target("S6", "1,024 connections, virtual threads: p99 ≤ upstream (50 ms) + 15 ms",
					String.format(Locale.ROOT, "%.1f ms (tuned baseline on platform threads %.1f ms, floor-vt %.1f ms)",
							vtP99, median("S6-S2", "baseline-200-pt", "p99_ms"), median("S6-S2", "floor-vt", "p99_ms")),
					(r) -> r <= 65, vtP99);
			double vtErrors = median("S6-S2", "ours-vt", "errors");
			target("S6", "1,024 connections, virtual threads: no errors",
					String.format(Locale.ROOT, "%.0f", vtErrors), (r) -> r == 0, vtErrors);
			double vtCpu = median("S6-S2", "ours-vt", "cpu_1k");
			double ptCpu = median("S6-S2", "baseline-200-pt", "cpu_1k");
			target("S6", "1,024 connections, virtual threads: CPU per login ≤ tuned baseline on platform threads",
					String.format(Locale.ROOT, "%.3f vs %.3f ms (%.2f ×)", vtCpu, ptCpu, vtCpu / ptCpu),
					(r) -> r <= 1, vtCpu / ptCpu);
			double vt1 = median("S6-S1", "ours-vt", "cpu_1k");
			double pt1 = median("S6-S1", "baseline-200-pt", "cpu_1k");
			target("S6", "S1's load, virtual threads: CPU per login ≤ 0.8 × tuned baseline on platform threads",
					String.format(Locale.ROOT, "%.2f × (%.3f vs %.3f ms; ours on platform threads %.3f)", vt1 / pt1,
							vt1, pt1, median("S6-S1", "ours-pt", "cpu_1k")),
					(r) -> r <= 0.8, vt1 / pt1);
			double pinned = median("S6", "ours-vt", "pinned_starter");
			target("S6", "no pinned virtual thread in the starter's code (JFR)",
					String.format(Locale.ROOT, "%.0f (pinned events in all: %.0f)", pinned,
							median("S6", "ours-vt", "pinned_events")),
					(r) -> r == 0, pinned);
		}
		if (has("S7-login", "ours-redis", "cpu_1k")) {
			for (String scenario : new String[] { "S7-login", "S7-refresh" }) {
				double redis = median(scenario, "ours-redis", "cpu_1k");
				double memory = median(scenario, "ours-memory", "cpu_1k");
				target("S7", s7Name(scenario) + ": CPU per request in Redis mode ≤ 1.3 × memory mode",
						String.format(Locale.ROOT, "%.2f × (%.3f vs %.3f ms)", redis / memory, redis, memory),
						(r) -> r <= 1.3, redis / memory);
			}
			double commands = median("S7-bearer", "ours-redis", "redis_calls_per_1k_requests");
			target("S7", "bearer path in Redis mode: no Redis command per request (INFO commandstats)",
					String.format(Locale.ROOT, "%.3f per 1k requests beyond the idle window's", commands),
					(r) -> r < 10, commands);
			double bearer = median("S7-bearer", "ours-redis", "cpu_1k") / median("S7-bearer", "ours-memory", "cpu_1k");
			target("S7", "bearer path: CPU per request in Redis mode within 5 % of memory mode",
					String.format(Locale.ROOT, "%.2f ×", bearer), (r) -> r <= 1.05, bearer);
			if (has("S7-revocation", "ours-redis", "p99_ms")) {
				double p99 = median("S7-revocation", "ours-redis", "p99_ms");
				target("S7", "revocation seen by another instance: p99 ≤ 250 ms",
						String.format(Locale.ROOT, "p99 %.1f ms, p50 %.1f ms over %.0f logouts (%.0f failures)", p99,
								median("S7-revocation", "ours-redis", "p50_ms"),
								median("S7-revocation", "ours-redis", "samples"),
								median("S7-revocation", "ours-redis", "failures")),
						(r) -> r <= 250, p99);
			}
		}
		line("");
	}

	/**
	 * The S3 ratio: the median of the ratios of the rounds (each round measures both paths side by
	 * side), or the ratio of the medians for raw files without rounds.
	 */
	private double s3Ratio(String app) {
		if (has("S3-ratio", app, "ratio")) {
			return median("S3-ratio", app, "ratio");
		}
		return median("S3-authenticated", app, "cpu_1k") / median("S3-public", app, "cpu_1k");
	}

	private static String s3Path(String scenario) {
		return switch (scenario) {
			case "S3-public" -> "/hello";
			case "S3-padded" -> "/hello + unread token";
			default -> "/api/hello";
		};
	}

	private void target(String scenario, String target, String figure, Predicate<Double> met, double value) {
		String verdict = Double.isNaN(value) ? "n/a" : (met.test(value) ? "yes" : "**no**");
		row(scenario, target, figure, verdict);
	}

	private static String ratio(double a, double b) {
		return String.format(Locale.ROOT, "%.2f", a / b);
	}

	private boolean has(String scenario, String app, String metric) {
		return this.values.containsKey(key(scenario, app, metric));
	}

	private double median(String scenario, String app, String metric) {
		List<Double> list = this.values.get(key(scenario, app, metric));
		if (list == null || list.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = list.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private int reps() {
		return this.values.getOrDefault(key("S1", "ours", "thr"), List.of()).size();
	}

	private String fig(String scenario, String app, String metric, int decimals) {
		List<Double> list = this.values.get(key(scenario, app, metric));
		if (list == null || list.isEmpty()) {
			return "–";
		}
		String format = "%." + decimals + "f";
		String median = String.format(Locale.ROOT, format, median(scenario, app, metric));
		if (list.size() == 1) {
			return median;
		}
		double min = list.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		double max = list.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		return median + String.format(Locale.ROOT, " (" + format + "–" + format + ")", min, max);
	}

	private void header(String... cells) {
		line("| " + String.join(" | ", cells) + " |");
		line("|" + " --- |".repeat(cells.length));
	}

	private void row(String... cells) {
		line("| " + String.join(" | ", cells) + " |");
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

	private static String key(String scenario, String app, String metric) {
		return scenario + "\t" + app + "\t" + metric;
	}

	private static String cpuModel() throws IOException {
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (Files.isReadable(cpuinfo)) {
			for (String line : Files.readAllLines(cpuinfo)) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		return "unknown CPU";
	}

	private static String memTotal() throws IOException {
		Path meminfo = Path.of("/proc/meminfo");
		if (Files.isReadable(meminfo)) {
			for (String line : Files.readAllLines(meminfo)) {
				if (line.startsWith("MemTotal:")) {
					long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
					return (kb / 1024 / 1024) + " GiB RAM";
				}
			}
		}
		return "unknown RAM";
	}

	private static String javaVersion(String java) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
		String version = new String(process.getInputStream().readAllBytes()).lines()
			.skip(1)
			.findFirst()
			.orElse("unknown");
		process.waitFor();
		return version.trim();
	}

}
