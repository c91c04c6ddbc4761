package io.github.vpcapi.sample;

import java.util.List;
import java.util.Map;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.exceptions.ClientException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Shows the injected client in use.
 */
@RestController
class EcsController {

	private final IAcsClient client;

	EcsController(IAcsClient client) {
		this.client = client;
	}

	@GetMapping("/regions")
	List<Map<String, String>> regions() throws ClientException {
		DescribeRegionsResponse response = this.client.getAcsResponse(new DescribeRegionsRequest());
		return response.getRegions()
			.stream()
			.map((region) -> Map.of("regionId", region.getRegionId(), "endpoint", region.getRegionEndpoint(),
					"localName", region.getLocalName()))
			.toList();
	}

	@GetMapping("/instances")
	Map<String, Object> instances(@RequestParam(defaultValue = "1") int pageNumber,
			@RequestParam(defaultValue = "10") int pageSize) throws ClientException {
		if (pageNumber < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "pageNumber must be 1 or more, not " + pageNumber);
		}
		if (pageSize < 1 || pageSize > 100) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"pageSize must be between 1 and 100, not " + pageSize);
		}
		DescribeInstancesRequest request = new DescribeInstancesRequest();
		request.setPageNumber(pageNumber);
		request.setPageSize(pageSize);
		DescribeInstancesResponse response = this.client.getAcsResponse(request);
		List<Map<String, Object>> instances = response.getInstances()
			.stream()
			.map((instance) -> Map.<String, Object>of("instanceId", instance.getInstanceId(), "name",
					instance.getInstanceName(), "status", instance.getStatus(), "zoneId", instance.getZoneId(),
					"privateIpAddresses", instance.getVpcAttributes().getPrivateIpAddress()))
			.toList();
		return Map.of("totalCount", response.getTotalCount(), "pageNumber", response.getPageNumber(), "pageSize",
				response.getPageSize(), "instances", instances);
	}

}
