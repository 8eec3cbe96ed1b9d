package io.github.wxminiauth.sample.simulator;

import io.github.wxminiauth.test.wechat.WeChatApi;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The simulator as the sample serves it under {@code /simulator}: the code-minting endpoints and
 * WeChat's API, answered by the simulator of {@code wxmini-auth-test} (whose own tests cover
 * WeChat's semantics).
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:sample-simulator-endpoints;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
class WeChatSimulatorEndpointsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private WeChatSimulator simulator;

	@Test
	void mintedLoginCodeIsRedeemedOnceThroughTheWeChatApi() throws Exception {
		String minted = this.mvc
			.perform(post("/simulator/codes/login").contentType(MediaType.APPLICATION_JSON)
				.content("{\"openid\":\"oAlice\",\"unionid\":\"uAlice\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("oAlice"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String code = this.json.readTree(minted).get("code").stringValue();
		this.mvc.perform(code2Session(code))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
			.andExpect(jsonPath("$.openid").value("oAlice"))
			.andExpect(jsonPath("$.unionid").value("uAlice"))
			.andExpect(jsonPath("$.session_key").value(this.simulator.sessionKey("oAlice")));
		this.mvc.perform(code2Session(code)).andExpect(jsonPath("$.errcode").value(40163));
	}

	@Test
	void theWeChatApiIsAnsweredBeforeSpringSecurity() throws Exception {
		// A bearer token the starter would reject with 401 never reaches it here
		this.mvc.perform(code2Session("never-minted").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.errcode").value(40029));
		assertThat(this.simulator.requestCount(WeChatApi.CODE2SESSION)).isPositive();
	}

	@Test
	void stableTokenAndPhoneNumberAreServed() throws Exception {
		String token = this.json.readTree(this.mvc
			.perform(post("/simulator/cgi-bin/stable_token").contentType(MediaType.APPLICATION_JSON)
				.content("{\"grant_type\":\"client_credential\",\"appid\":\"" + WeChatSimulator.APP_ID
						+ "\",\"secret\":\"" + WeChatSimulator.APP_SECRET + "\"}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("access_token").stringValue();
		String phoneCode = this.json.readTree(this.mvc
			.perform(post("/simulator/codes/phone").contentType(MediaType.APPLICATION_JSON)
				.content("{\"phone_number\":\"+852 61234567\"}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("code").stringValue();
		this.mvc
			.perform(post("/simulator/wxa/business/getuserphonenumber").queryParam("access_token", token)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + phoneCode + "\"}"))
			.andExpect(jsonPath("$.errcode").value(0))
			.andExpect(jsonPath("$.phone_info.purePhoneNumber").value("61234567"))
			.andExpect(jsonPath("$.phone_info.countryCode").value("852"));
	}

	@Test
	void onlyTheSimulatorsOwnMiniProgramIsKnown() throws Exception {
		this.mvc
			.perform(post("/simulator/codes/login").contentType(MediaType.APPLICATION_JSON)
				.content("{\"app_id\":\"wx1234567890abcdef\"}"))
			.andExpect(status().isBadRequest());
		this.mvc
			.perform(get("/simulator/sns/jscode2session").queryParam("appid", "wx1234567890abcdef")
				.queryParam("secret", "anything")
				.queryParam("js_code", "x")
				.queryParam("grant_type", "authorization_code"))
			.andExpect(jsonPath("$.errcode").value(40013));
	}

	@Test
	void mintingAPhoneCodeWithoutANumberIsRejected() throws Exception {
		this.mvc.perform(post("/simulator/codes/phone").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest());
		this.mvc
			.perform(post("/simulator/codes/phone").contentType(MediaType.APPLICATION_JSON)
				.content("{\"phone_number\":\"call me\"}"))
			.andExpect(status().isBadRequest());
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder code2Session(
			String code) {
		return get("/simulator/sns/jscode2session").queryParam("appid", WeChatSimulator.APP_ID)
			.queryParam("secret", WeChatSimulator.APP_SECRET)
			.queryParam("js_code", code)
			.queryParam("grant_type", "authorization_code");
	}

}
