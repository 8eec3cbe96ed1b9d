package io.github.wxminiauth.sample.user;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The accounts of the application's own account system, found by phone number.
 */
public interface MemberAccountRepository extends JpaRepository<MemberAccount, Long> {

	Optional<MemberAccount> findByCountryCodeAndPurePhoneNumber(String countryCode, String purePhoneNumber);

}
