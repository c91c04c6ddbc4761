package io.github.vpcapi.emulator;

import java.util.List;

/**
 * The 23 regions whose ECS VPC endpoint the Alibaba Cloud document "如何通过内网调用API" lists,
 * in its order. {@code DescribeRegions} answers these.
 */
public final class EcsRegions {

	private static final List<Region> ALL = List.of(region("cn-hangzhou", "华东 1（杭州）"),
			region("cn-shanghai", "华东 2（上海）"), region("cn-qingdao", "华北 1（青岛）"), region("cn-beijing", "华北 2（北京）"),
			region("cn-zhangjiakou", "华北 3（张家口）"), region("cn-huhehaote", "华北 5（呼和浩特）"),
			region("cn-wulanchabu", "华北 6（乌兰察布）"), region("cn-shenzhen", "华南 1（深圳）"),
			region("cn-heyuan", "华南 2（河源）"), region("cn-guangzhou", "华南 3（广州）"), region("cn-chengdu", "西南 1（成都）"),
			region("cn-hongkong", "中国（香港）"), region("ap-southeast-1", "新加坡"), region("ap-southeast-2", "澳大利亚（悉尼）"),
			region("ap-southeast-3", "马来西亚（吉隆坡）"), region("ap-southeast-5", "印度尼西亚（雅加达）"),
			region("ap-northeast-1", "日本（东京）"), region("eu-central-1", "德国（法兰克福）"), region("eu-west-1", "英国（伦敦）"),
			region("us-west-1", "美国（硅谷）"), region("us-east-1", "美国（弗吉尼亚）"), region("ap-south-1", "印度（孟买）"),
			region("me-east-1", "阿联酋（迪拜）"));

	private EcsRegions() {
	}

	private static Region region(String id, String localName) {
		return new Region(id, localName, "ecs-vpc." + id + ".aliyuncs.com");
	}

	/**
	 * Return the regions.
	 * @return the 23 regions
	 */
	public static List<Region> all() {
		return ALL;
	}

	/**
	 * A region.
	 *
	 * @param regionId the region id
	 * @param localName the Chinese name
	 * @param vpcEndpoint the VPC endpoint host
	 */
	public record Region(String regionId, String localName, String vpcEndpoint) {

	}

}
