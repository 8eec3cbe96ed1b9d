package io.github.wxminiauth.security.web.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address a client is counted by.
 */
class WxRateLimitFilterTests {

	@Test
	void ipv4AddressesAreCountedAsTheyAre() {
		assertThat(WxRateLimitFilter.clientAddress("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void ipv6AddressesAreCountedByTheirSlash64Network() {
		assertThat(WxRateLimitFilter.clientAddress("2001:db8:1:2:aaaa::1"))
			.isEqualTo(WxRateLimitFilter.clientAddress("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
			.isEqualTo("2001:db8:1:2::/64");
		assertThat(WxRateLimitFilter.clientAddress("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
	}

	@Test
	void somethingThatIsNoAddressLiteralIsCountedAsItIsWithoutALookup() {
		assertThat(WxRateLimitFilter.clientAddress("example.invalid")).isEqualTo("example.invalid");
		assertThat(WxRateLimitFilter.clientAddress("fe80::1%eth0")).isEqualTo("fe80::1%eth0");
		assertThat(WxRateLimitFilter.clientAddress(null)).isEqualTo("unknown");
	}

}
