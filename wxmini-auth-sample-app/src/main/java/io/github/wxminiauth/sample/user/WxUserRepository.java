package io.github.wxminiauth.sample.user;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Mini-program users.
 */
public interface WxUserRepository extends JpaRepository<WxUser, Long> {

	Optional<WxUser> findByAppIdAndOpenid(String appId, String openid);

	List<WxUser> findTop100ByOrderByCreatedAtAsc();

	long countByAppIdAndOpenid(String appId, String openid);

	boolean existsByAppIdAndAccountId(String appId, Long accountId);

	List<WxUser> findByAppIdAndAccountId(String appId, Long accountId);

}
