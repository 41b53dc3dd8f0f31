// Placeholder: replaced by the database/app setup of the foundation.
export default async function setup() {}
