/**
 * The built-in datasets. This table drives the data setup script (which files, which checksums,
 * where else to get them) and the page (names of the classes).
 */
export interface DatasetFile {
  /** The file name in every source, gzip-compressed. */
  readonly name: string;
  /** SHA-256 of the decompressed bytes: mirrors re-compress the same payload, so the .gz bytes differ. */
  readonly sha256: string;
  /** Size of the decompressed file: a file of another size is not this one, without hashing it. */
  readonly bytes: number;
}

export interface DatasetDescription {
  readonly id: string;
  readonly name: string;
  readonly classNames: readonly string[];
  readonly source: string;
  readonly test: { readonly images: DatasetFile; readonly labels: DatasetFile };
  readonly train: { readonly images: DatasetFile; readonly labels: DatasetFile };
  /** Public mirrors, tried in order after local copies; each is a folder URL ending in `/`. */
  readonly mirrors: readonly string[];
}

export const MNIST: DatasetDescription = {
  id: 'mnist',
  name: 'MNIST',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  source: 'MNIST handwritten digits (LeCun, Cortes, Burges)',
  test: {
    images: { name: 't10k-images-idx3-ubyte.gz', sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7', bytes: 7_840_016 },
    labels: { name: 't10k-labels-idx1-ubyte.gz', sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2', bytes: 10_008 },
  },
  train: {
    images: { name: 'train-images-idx3-ubyte.gz', sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db', bytes: 47_040_016 },
    labels: { name: 'train-labels-idx1-ubyte.gz', sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5', bytes: 60_008 },
  },
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
};

export const FASHION_MNIST: DatasetDescription = {
  id: 'fashion-mnist',
  name: 'Fashion-MNIST',
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  source: 'Fashion-MNIST (Zalando Research, MIT licence)',
  test: {
    images: { name: 't10k-images-idx3-ubyte.gz', sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b', bytes: 7_840_016 },
    labels: { name: 't10k-labels-idx1-ubyte.gz', sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34', bytes: 10_008 },
  },
  train: {
    images: { name: 'train-images-idx3-ubyte.gz', sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888', bytes: 47_040_016 },
    labels: { name: 'train-labels-idx1-ubyte.gz', sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9', bytes: 60_008 },
  },
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
};

export const DATASETS: readonly DatasetDescription[] = [MNIST, FASHION_MNIST];

/** Where the page finds a built-in dataset's test files, relative to the site's base URL. */
export const testFilePath = (dataset: DatasetDescription, file: DatasetFile): string => `data/${dataset.id}/${file.name}`;
