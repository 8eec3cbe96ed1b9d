package io.github.wxminiauth.sample.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mints the codes a mini program would get from {@code wx.login} and the phone-number button, for
 * the playground page, curl and the sample mini program's simulated {@code wx}. WeChat's API
 * itself is served by {@link WeChatSimulatorFilter}.
 */
@RestController
@RequestMapping("/simulator/codes")
@ConditionalOnBooleanProperty(SimulatorActivation.ENABLED)
class WeChatSimulatorController {

	private final WeChatSimulator simulator;

	private final JsonMapper jsonMapper;

	WeChatSimulatorController(WeChatSimulator simulator, JsonMapper jsonMapper) {
		Assert.notNull(simulator, "simulator must not be null");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.simulator = simulator;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Mints a {@code wx.login} code. Body (optional): {@code {"openid": "…", "unionid": "…",
	 * "app_id": "…"}}, every member optional; without an openid a new user is made up.
	 * @param body the request body
	 * @return {@code {"code": "…", "openid": "…"}}
	 */
	@PostMapping("/login")
	ResponseEntity<?> mintLoginCode(@RequestBody(required = false) @Nullable String body) {
		JsonNode request = (body == null || body.isBlank()) ? this.jsonMapper.createObjectNode() : readObject(body);
		if (request == null) {
			return badRequest("The body must be a JSON object");
		}
		try {
			WeChatSimulator.MintedLoginCode minted = this.simulator.mintLoginCode(string(request, "app_id"),
					string(request, "openid"), string(request, "unionid"));
			Map<String, Object> reply = new LinkedHashMap<>();
			reply.put("code", minted.code());
			reply.put("openid", minted.openid());
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reply);
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
	}

	/**
	 * Mints a phone-number button code. Body: {@code {"phone_number": "13800138000", "openid":
	 * "…", "app_id": "…"}}; with an openid only that user can redeem it.
	 * @param body the request body
	 * @return {@code {"code": "…"}}
	 */
	@PostMapping("/phone")
	ResponseEntity<?> mintPhoneCode(@RequestBody(required = false) @Nullable String body) {
		JsonNode request = readObject(body);
		if (request == null) {
			return badRequest("The body must be a JSON object with a phone_number");
		}
		String phoneNumber = string(request, "phone_number");
		if (phoneNumber == null) {
			return badRequest("phone_number is required");
		}
		try {
			String code = this.simulator.mintPhoneCode(string(request, "app_id"), phoneNumber,
					string(request, "openid"));
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("code", code));
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
	}

	private @Nullable JsonNode readObject(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode node = this.jsonMapper.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static @Nullable String string(JsonNode request, String name) {
		JsonNode value = request.get(name);
		return (value != null && value.isString() && !value.stringValue().isBlank()) ? value.stringValue() : null;
	}

	private static ResponseEntity<ProblemDetail> badRequest(@Nullable String detail) {
		return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail));
	}

}
