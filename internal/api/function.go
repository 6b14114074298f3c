package api

// Function defaults (SAM).
const (
	DefaultTimeoutSeconds = 3
	DefaultMemoryMB       = 128
)

// Function is a Lambda function apigw runs as a local process.
type Function struct {
	LogicalID    string
	FunctionName string // FunctionName property, else the logical id
	Runtime      string // "nodejs20.x", "python3.12", "provided.al2023", "go1.x"
	Handler      string
	CodeDir      string // absolute folder of the code (CodeUri / Code resolved against the template)
	// CodeArchive is the local .zip / .jar CodeDir was unpacked from; ""
	// when the code is a folder (hot reload watches the archive).
	CodeArchive  string `json:",omitempty"`
	Timeout      int    // seconds
	MemoryMB     int
	Environment  map[string]string
	Architecture string // "x86_64" or "arm64"
	BuildMethod  string // Metadata.BuildMethod ("go1.x", "makefile", ...)
	// Layers are the absolute folders of the function's layers, each as
	// Lambda would extract it into /opt, in the order the function lists
	// them (Globals.Function.Layers first).
	Layers []string `json:",omitempty"`
	// LayerArchives are the local .zip files among its layers' content,
	// unpacked into Layers (hot reload watches them, as CodeArchive).
	LayerArchives []string `json:",omitempty"`
	Source        Location
	// Gap, when set, marks a function apigw cannot run yet (its runtime,
	// its packaging, an S3 location): routes integrating it fail closed,
	// and no process is started for it.
	Gap Gap `json:",omitzero"`
}
