package io.github.wxminiauth.sample.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wxminiauth.sample.web.Problems;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mints the codes a mini program would get from {@code wx.login} and the phone-number button, for
 * the playground page, curl and the sample mini program's simulated {@code wx}. WeChat's API
 * itself is served by {@link WeChatSimulatorFilter}. A body that is not a JSON object is answered
 * 400 {@code invalid_request}, as by the sample's other endpoints.
 */
@RestController
@RequestMapping("/simulator/codes")
@ConditionalOnBooleanProperty(SimulatorActivation.ENABLED)
class WeChatSimulatorController {

	private final WeChatSimulator simulator;

	WeChatSimulatorController(WeChatSimulator simulator) {
		Assert.notNull(simulator, "simulator must not be null");
		this.simulator = simulator;
	}

	/**
	 * Mints a {@code wx.login} code. Body (optional): {@code {"openid": "…", "unionid": "…",
	 * "app_id": "…"}}, every member optional; without an openid a new user is made up, without an
	 * app_id the code is for the simulator's own mini program.
	 * @param request the request body
	 * @return {@code {"code": "…", "openid": "…"}}
	 */
	@PostMapping("/login")
	ResponseEntity<?> mintLoginCode(@RequestBody(required = false) @Nullable LoginCodeRequest request) {
		LoginCodeRequest login = (request != null) ? request : new LoginCodeRequest(null, null, null);
		try {
			WeChatSimulator.MintedLoginCode minted = this.simulator.mintLoginCode(login.appId(), login.openid(),
					login.unionid());
			Map<String, Object> reply = new LinkedHashMap<>();
			reply.put("code", minted.code());
			reply.put("openid", minted.openid());
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reply);
		}
		catch (IllegalArgumentException ex) {
			return Problems.invalidRequest(String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * Mints a phone-number button code. Body: {@code {"phone_number": "13800138000", "openid":
	 * "…", "app_id": "…"}}; with an openid only that user can redeem it.
	 * @param request the request body
	 * @return {@code {"code": "…"}}
	 */
	@PostMapping("/phone")
	ResponseEntity<?> mintPhoneCode(@RequestBody(required = false) @Nullable PhoneCodeRequest request) {
		if (request == null || request.phoneNumber() == null) {
			return Problems.invalidRequest("phone_number is required");
		}
		try {
			String code = this.simulator.mintPhoneCode(request.appId(), request.phoneNumber(), request.openid());
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("code", code));
		}
		catch (IllegalArgumentException ex) {
			return Problems.invalidRequest(String.valueOf(ex.getMessage()));
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * What a {@code wx.login} code is minted for; a blank member counts as absent.
	 */
	record LoginCodeRequest(@JsonProperty("app_id") @Nullable String appId, @Nullable String openid,
			@Nullable String unionid) {

		LoginCodeRequest {
			appId = blankToNull(appId);
			openid = blankToNull(openid);
			unionid = blankToNull(unionid);
		}

	}

	/**
	 * What a phone-number code is minted for; a blank member counts as absent.
	 */
	record PhoneCodeRequest(@JsonProperty("app_id") @Nullable String appId,
			@JsonProperty("phone_number") @Nullable String phoneNumber, @Nullable String openid) {

		PhoneCodeRequest {
			appId = blankToNull(appId);
			phoneNumber = blankToNull(phoneNumber);
			openid = blankToNull(openid);
		}

	}

}
