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

	private static final String[] APPS = { "floor", "ours", "baseline", "floor-jdk-client", "floor-512t",
			"ours-512t", "ours-no-method-security" };

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
		if (has("S1-warm-up", "ours", "passes")) {
			List<String> passes = new ArrayList<>();
			for (String app : APPS) {
				if (has("S1-warm-up", app, "passes")) {
					passes.add(app + " " + fig("S1-warm-up", app, "passes", 0));
				}
			}
			line("Warm-up passes before the measured rounds (until CPU per login was stable, at most a set number): "
					+ String.join(", ", passes) + ".");
			line("");
		}
		loadTable("S2 — login, upstream 50 ms, 256 connections", "S2");
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
		if (!this.values.keySet().stream().filter((key) -> key.startsWith("S6\t")).toList().isEmpty()) {
			loadTable("S6 — S2 on JDK 25 with virtual threads, 1,000 connections", "S6");
			header("app", "jdk.VirtualThreadPinned events (JFR, threshold 0)", "of them with a frame of the starter");
			for (String app : APPS) {
				if (has("S6", app, "pinned_events")) {
					row(app, fig("S6", app, "pinned_events", 0), fig("S6", app, "pinned_starter", 0));
				}
			}
			line("");
		}
		targets();
		return this.out.toString();
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
		line("### Targets (issue #5)");
		line("");
		header("scenario", "target", "figure", "met?");
		double s1Ours = median("S1", "ours", "cpu_1k");
		double s1Floor = median("S1", "floor", "cpu_1k");
		double s1Baseline = median("S1", "baseline", "cpu_1k");
		target("S1", "CPU per login ≤ 1.5 × floor", ratio(s1Ours, s1Floor) + " × floor", (r) -> r <= 1.5,
				s1Ours / s1Floor);
		target("S1", "CPU per login ≤ 0.7 × baseline", ratio(s1Ours, s1Baseline) + " × baseline", (r) -> r <= 0.7,
				s1Ours / s1Baseline);
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
		target("S2", "throughput ≥ baseline",
				String.format(Locale.ROOT, "%.0f vs %.0f req/s (floor %.0f)", s2Thr, s2BaselineThr,
						median("S2", "floor", "thr")),
				(r) -> r >= 1, s2Thr / s2BaselineThr);
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
		if (has("S6", "ours", "thr")) {
			double pinned = has("S6", "ours", "pinned_starter") ? median("S6", "ours", "pinned_starter")
					: median("S6", "ours", "pinned_events");
			row("S6", "report; works unchanged on virtual threads, no pinning",
					String.format(Locale.ROOT, "%.0f req/s, p99 %.1f ms (baseline %.0f req/s, p99 %.1f ms); "
							+ "errors %.0f; pinned events in the starter's code %.0f", median("S6", "ours", "thr"),
							median("S6", "ours", "p99_ms"), median("S6", "baseline", "thr"),
							median("S6", "baseline", "p99_ms"), median("S6", "ours", "errors"), pinned),
					(median("S6", "ours", "errors") == 0 && pinned == 0) ? "yes" : "**no**");
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
