// The Engine API versions berth speaks (../shared/reference/docker-engine-api-v1.50.yaml).

export const apiVersion = "1.50";
export const minimumApiVersion = "1.24";
