package io.github.vpcapi.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The regions whose ECS VPC endpoint ({@code ecs-vpc.<region>.aliyuncs.com}) is supported,
 * as listed by Alibaba Cloud's "如何通过内网调用API" (calling the API over the internal
 * network) document. A region not listed here can still be reached by setting
 * {@code aliyun.ecs.endpoint} explicitly.
 */
final class AliyunEcsRegions {

	private static final Map<String, Region> REGIONS = new LinkedHashMap<>();

	static {
		add("cn-hangzhou", "华东 1（杭州）", "China (Hangzhou)");
		add("cn-shanghai", "华东 2（上海）", "China (Shanghai)");
		add("cn-qingdao", "华北 1（青岛）", "China (Qingdao)");
		add("cn-beijing", "华北 2（北京）", "China (Beijing)");
		add("cn-zhangjiakou", "华北 3（张家口）", "China (Zhangjiakou)");
		add("cn-huhehaote", "华北 5（呼和浩特）", "China (Hohhot)");
		add("cn-wulanchabu", "华北 6（乌兰察布）", "China (Ulanqab)");
		add("cn-shenzhen", "华南 1（深圳）", "China (Shenzhen)");
		add("cn-heyuan", "华南 2（河源）", "China (Heyuan)");
		add("cn-guangzhou", "华南 3（广州）", "China (Guangzhou)");
		add("cn-chengdu", "西南 1（成都）", "China (Chengdu)");
		add("cn-hongkong", "中国（香港）", "China (Hong Kong)");
		add("ap-southeast-1", "新加坡", "Singapore");
		add("ap-southeast-2", "澳大利亚（悉尼）", "Australia (Sydney)");
		add("ap-southeast-3", "马来西亚（吉隆坡）", "Malaysia (Kuala Lumpur)");
		add("ap-southeast-5", "印度尼西亚（雅加达）", "Indonesia (Jakarta)");
		add("ap-northeast-1", "日本（东京）", "Japan (Tokyo)");
		add("eu-central-1", "德国（法兰克福）", "Germany (Frankfurt)");
		add("eu-west-1", "英国（伦敦）", "UK (London)");
		add("us-west-1", "美国（硅谷）", "US (Silicon Valley)");
		add("us-east-1", "美国（弗吉尼亚）", "US (Virginia)");
		add("ap-south-1", "印度（孟买）", "India (Mumbai)");
		add("me-east-1", "阿联酋（迪拜）", "UAE (Dubai)");
	}

	private AliyunEcsRegions() {
	}

	private static void add(String id, String chineseName, String englishName) {
		REGIONS.put(id, new Region(id, chineseName, englishName));
	}

	/**
	 * Return every supported region, in the order of the source document's table.
	 * @return the supported regions
	 */
	static List<Region> all() {
		return List.copyOf(REGIONS.values());
	}

	/**
	 * Return the supported region with the given id.
	 * @param regionId the region id, such as {@code cn-hangzhou}
	 * @return the region, or empty when the id is not in the table
	 */
	static Optional<Region> find(String regionId) {
		return Optional.ofNullable(REGIONS.get(regionId));
	}

	/**
	 * A region with a supported ECS VPC endpoint.
	 *
	 * @param id the region id, such as {@code cn-hangzhou}
	 * @param chineseName the region's name in Chinese, as Alibaba Cloud writes it
	 * @param englishName the region's name in English
	 */
	record Region(String id, String chineseName, String englishName) {

		/**
		 * Return the ECS VPC endpoint of this region.
		 * @return the host name {@code ecs-vpc.<id>.aliyuncs.com}
		 */
		String vpcEndpoint() {
			return "ecs-vpc." + this.id + ".aliyuncs.com";
		}

	}

}
