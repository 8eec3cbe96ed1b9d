package io.github.wxminiauth.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parsing WeChat's code2Session and phone replies with a Jackson 3 {@link JsonMapper} configured
 * like Boot's: into a tree, as {@code RestWxApiClient} does, and into a record, for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyParsingBenchmarks {

	private static final String CODE2SESSION = "{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\","
			+ "\"session_key\":\"tiihtNczf5v6AKRyjwEUhQ==\",\"unionid\":\"oKx8Z5C1pMCx9JXg4w2Zc4-H-TiE\"}";

	private static final String PHONE = "{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":"
			+ "\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\",\"watermark\":"
			+ "{\"timestamp\":1637744274,\"appid\":\"wxbench0000000001\"}}}";

	private final JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();

	@Benchmark
	public String code2SessionTree() {
		JsonNode reply = this.mapper.readTree(CODE2SESSION);
		JsonNode errcode = reply.path("errcode");
		if (!errcode.isMissingNode() && errcode.intValue() != 0) {
			throw new IllegalStateException();
		}
		return reply.path("openid").stringValue() + reply.path("session_key").stringValue()
				+ reply.path("unionid").stringValue();
	}

	@Benchmark
	public Session code2SessionRecord() {
		return this.mapper.readValue(CODE2SESSION, Session.class);
	}

	@Benchmark
	public String phoneTree() {
		JsonNode info = this.mapper.readTree(PHONE).path("phone_info");
		return info.path("phoneNumber").stringValue() + info.path("watermark").path("appid").stringValue();
	}

	public record Session(String openid, String session_key, String unionid, Integer errcode, String errmsg) {
	}

}
